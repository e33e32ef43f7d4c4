// admission.k8s.io/v1 AdmissionReview handling for serving.knative.dev, around the same
// defaultAndValidate the local API server's in-process hook calls. Two endpoints, as upstream:
//   /defaulting          (MutatingWebhookConfiguration webhook.serving.knative.dev): JSONPatch of the defaults;
//   /resource-validation (ValidatingWebhookConfiguration validation.webhook.serving.knative.dev): allow or deny.
import type { ServingConfig } from '../../lib/serving/config.js';
import { defaultAndValidate, formatDenial, isServingKind } from '../../lib/serving/webhook/index.js';

/** The request part of an AdmissionReview we read. */
export interface AdmissionReviewRequest {
  uid: string;
  kind?: { group?: string; version?: string; kind?: string };
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

/** Answers one AdmissionReview; never throws for a malformed object (denies instead). */
export function reviewAdmission(review: AdmissionReview, mode: WebhookMode, config: ServingConfig): AdmissionReview {
  const req = review.request;
  const uid = req?.uid ?? '';
  const answer = (response: NonNullable<AdmissionReview['response']>): AdmissionReview => ({ apiVersion: review.apiVersion || 'admission.k8s.io/v1', kind: 'AdmissionReview', response });
  const kind = req?.kind?.kind ?? '';
  // Only CREATE/UPDATE of our kinds are ours; anything else the configurations send by mistake is allowed.
  if (!req || !isServingKind(kind) || (req.operation !== 'CREATE' && req.operation !== 'UPDATE') || !isPlainObject(req.object)) {
    return answer({ uid, allowed: true });
  }
  const result = defaultAndValidate(kind, req.object, req.operation === 'UPDATE' ? (req.oldObject ?? undefined) : undefined, config, {
    username: req.userInfo?.username,
    statusUpdate: req.subResource === 'status',
  });
  if (mode === 'validation') {
    if (result.errors.length === 0) return answer({ uid, allowed: true });
    return answer({ uid, allowed: false, status: { code: 400, reason: 'BadRequest', message: formatDenial(result.errors) } });
  }
  // Defaulting never denies: the validation webhook does, with its own name in the message.
  const ops = jsonPatch(req.object, result.object);
  if (ops.length === 0) return answer({ uid, allowed: true });
  return answer({ uid, allowed: true, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') });
}
