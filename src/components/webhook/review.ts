// admission.k8s.io/v1 AdmissionReview handling around the same admission functions the local API
// server runs in-process (Serving's and Eventing's defaulting + validation). Two endpoints, as upstream:
//   /defaulting          (MutatingWebhookConfigurations webhook.{serving,eventing}.knative.dev): JSONPatch of the defaults;
//   /resource-validation (ValidatingWebhookConfigurations validation.webhook.{serving,eventing}.knative.dev): allow or deny.
import { AdmissionDenied, type AdmissionRequest, type AdmissionTarget } from '../../lib/cluster/apiserver/admission.js';
import type { AdmissionRegistry } from '../../lib/serving/webhook/admission-hook.js';

/** The request part of an AdmissionReview we read. */
export interface AdmissionReviewRequest {
  uid: string;
  kind?: { group?: string; version?: string; kind?: string };
  resource?: { group?: string; version?: string; resource?: string };
  namespace?: string;
  name?: string;
  dryRun?: boolean;
  operation?: string;
  subResource?: string;
  object?: Record<string, unknown>;
  oldObject?: Record<string, unknown> | null;
  userInfo?: { username?: string };
}

/** An AdmissionReview (request in, response out). */
export interface AdmissionReview {
  apiVersion: string;
  kind: 'AdmissionReview';
  request?: AdmissionReviewRequest;
  response?: {
    uid: string;
    allowed: boolean;
    status?: { code: number; reason?: string; message: string };
    patchType?: 'JSONPatch';
    patch?: string;
  };
}

/** One RFC 6902 operation. */
export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON patch turning `from` into `to`: recurses into objects, replaces arrays and scalars whole. */
export function jsonPatch(from: unknown, to: unknown, path = ''): JsonPatchOp[] {
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  if (!isPlainObject(from) || !isPlainObject(to)) return [{ op: 'replace', path, value: to }];
  const ops: JsonPatchOp[] = [];
  for (const key of Object.keys(from)) {
    if (!(key in to)) ops.push({ op: 'remove', path: `${path}/${escapePointer(key)}` });
  }
  for (const [key, value] of Object.entries(to)) {
    const p = `${path}/${escapePointer(key)}`;
    if (!(key in from)) ops.push({ op: 'add', path: p, value });
    else ops.push(...jsonPatch(from[key], value, p));
  }
  return ops;
}

/** Which of the two webhooks a request came to. */
export type WebhookMode = 'defaulting' | 'validation';

type Handler = { target: AdmissionTarget; fn: (req: AdmissionRequest) => unknown };

/**
 * The admission functions this webhook serves, registered exactly as on the local API server's
 * in-process chain (registerServingAdmission, registerEventingAdmission), so both modes share one
 * implementation of defaulting and validation.
 */
export class AdmissionHandlers implements AdmissionRegistry {
  private readonly handlers: Handler[] = [];

  register(target: AdmissionTarget, fn: (req: AdmissionRequest) => unknown): () => void {
    const h = { target, fn };
    this.handlers.push(h);
    return () => {
      const i = this.handlers.indexOf(h);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  /** The functions for one request, in registration order. */
  for(group: string, kind: string, operation: AdmissionRequest['operation']): Handler[] {
    return this.handlers.filter((h) => h.target.group === group && h.target.kind === kind && (h.target.operations ?? ['CREATE', 'UPDATE']).includes(operation));
  }
}

/** Answers one AdmissionReview; never throws (a failing function denies with its message). */
export async function reviewAdmission(review: AdmissionReview, mode: WebhookMode, handlers: AdmissionHandlers): Promise<AdmissionReview> {
  const req = review.request;
  const uid = req?.uid ?? '';
  const answer = (response: NonNullable<AdmissionReview['response']>): AdmissionReview => ({ apiVersion: review.apiVersion || 'admission.k8s.io/v1', kind: 'AdmissionReview', response });
  const op = req?.operation;
  if (!req || (op !== 'CREATE' && op !== 'UPDATE' && op !== 'DELETE') || !isPlainObject(req.object)) return answer({ uid, allowed: true });
  const matching = handlers.for(req.kind?.group ?? '', req.kind?.kind ?? '', op);
  // Anything the configurations send that we have no function for is allowed unchanged.
  if (matching.length === 0) return answer({ uid, allowed: true });
  const request: AdmissionRequest = {
    operation: op,
    group: req.kind?.group ?? '',
    version: req.kind?.version ?? '',
    kind: req.kind?.kind ?? '',
    resource: req.resource?.resource ?? '',
    subresource: req.subResource ?? '',
    namespace: req.namespace ?? '',
    name: req.name ?? '',
    object: structuredClone(req.object),
    oldObject: req.oldObject ?? undefined,
    dryRun: Boolean(req.dryRun),
  };
  try {
    for (const h of matching) {
      const out = await h.fn(request);
      if (out && typeof out === 'object') request.object = out;
    }
  } catch (e) {
    // Our functions default and validate in one pass; only the validation webhook denies, so a
    // denial carries its name (the API server prefixes the configuration's webhook name).
    if (mode === 'defaulting' && e instanceof AdmissionDenied) return answer({ uid, allowed: true });
    const denied = e instanceof AdmissionDenied;
    return answer({
      uid,
      allowed: false,
      status: { code: denied ? e.code : 500, reason: denied ? e.reason : 'InternalError', message: e instanceof Error ? e.message : String(e) },
    });
  }
  if (mode === 'validation') return answer({ uid, allowed: true });
  const ops = jsonPatch(req.object, request.object);
  if (ops.length === 0) return answer({ uid, allowed: true });
  return answer({ uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });
}
