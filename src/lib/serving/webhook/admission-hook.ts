// Plugs defaultAndValidate into the embedded API server's in-process admission chain (local mode's
// equivalent of upstream's defaulting + validation webhooks for serving.knative.dev).
import { AdmissionDenied, type AdmissionRequest, type AdmissionTarget } from '../../cluster/apiserver/admission.js';
import type { ServingConfig } from '../config.js';
import { GROUP } from '../labels.js';
import { defaultAndValidate, formatDenial, type ServingKind, VALIDATION_WEBHOOK_NAME } from './index.js';

/** The part of the API server's AdmissionChain this needs. */
export interface AdmissionRegistry {
  register(target: AdmissionTarget, fn: (req: AdmissionRequest) => unknown): () => void;
}

const KINDS: ServingKind[] = ['Service', 'Configuration', 'Revision', 'Route'];

/** Registers defaulting and validation for the four serving kinds; returns an unregister function. */
export function registerServingAdmission(chain: AdmissionRegistry, config: () => ServingConfig): () => void {
  const unregister = KINDS.map((kind) =>
    // One mutating function: defaults, then denies with the validation webhook's name on errors.
    chain.register({ group: GROUP, kind, type: 'mutating', name: VALIDATION_WEBHOOK_NAME }, (req) => {
      const result = defaultAndValidate(kind, req.object as object, req.oldObject as object | undefined, config(), {
        statusUpdate: req.subresource === 'status',
        ...(req.userInfo ? { username: req.userInfo.username } : {}),
      });
      if (result.errors.length > 0) throw new AdmissionDenied(formatDenial(result.errors));
      return result.object;
    }),
  );
  return () => unregister.forEach((u) => u());
}
