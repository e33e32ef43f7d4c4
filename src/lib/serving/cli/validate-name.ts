// Client-side check of the Service name, so an invalid name fails before anything is sent, with the
// same text a cluster's Knative validating webhook would answer.
import { VALIDATION_WEBHOOK_NAME, formatDenial } from '../webhook/index.js';
import { validateObjectName } from '../webhook/validate.js';

/** Throws the webhook's denial when `name` is not a DNS-1035 label. */
export function checkServiceName(name: string): void {
  const errs = validateObjectName({ name });
  if (errs.length === 0) return;
  const denial = formatDenial(errs.map((e) => ({ ...e, paths: e.paths.map((p) => `metadata.${p}`) })));
  throw new Error(`admission webhook "${VALIDATION_WEBHOOK_NAME}" denied the request: ${denial}`);
}
