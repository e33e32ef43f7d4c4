// metav1.Status errors with Kubernetes' exact reasons, codes and message texts.
// Every failure the server answers is one of these, so clients (kubectl, client-go, client-node) can
// classify it by `reason` the same way they do against a real cluster.

/** One field-level cause inside a Status (details.causes). */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** metav1.Status as sent on the wire. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/** An error that carries the Status the client must receive. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
  }

  /** The wire form of this error. */
  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** `pods "x"` or `services.serving.knative.dev "x"`: kube names the group-qualified resource. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** 404 for a named object that does not exist. */
export function notFound(group: string, resource: string, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group: group || undefined, kind: resource });
}

/** 409 for a create of a name already taken. */
export function alreadyExists(group: string, resource: string, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group: group || undefined, kind: resource });
}

/** 409 for a write based on a stale resourceVersion. */
export function conflict(group: string, resource: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, {
    name,
    group: group || undefined,
    kind: resource,
  });
}

/** One field error, rendered like k8s.io/apimachinery field.Error. */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueDuplicate' | 'FieldValueTooLong';
  field: string;
  value?: unknown;
  /** Pre-rendered value, for the few messages kube prints in Go syntax (e.g. `0x0`). */
  raw?: string;
  detail: string;
}

/** Renders a field value the way field.Error does (strings quoted, integers in hex for resourceVersion-like ints kept simple). */
function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The message part of one field error without the field path ("Invalid value: ...: detail"). */
export function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return e.detail ? `Required value: ${e.detail}` : 'Required value';
    case 'FieldValueForbidden':
      return e.detail ? `Forbidden: ${e.detail}` : 'Forbidden';
    case 'FieldValueDuplicate':
      return `Duplicate value: ${renderValue(e.value)}`;
    case 'FieldValueNotSupported':
      return `Unsupported value: ${renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueTooLong':
      return `Too long: ${e.detail}`;
    default:
      return `Invalid value: ${e.raw ?? renderValue(e.value)}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

/** 422 Invalid with one cause per field error, message `Kind.group "name" is invalid: ...`. */
export function invalid(group: string, kind: string, name: string, errs: FieldError[]): ApiError {
  const parts = errs.map((e) => `${e.field}: ${fieldErrorBody(e)}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualified(kind, group)} "${name}" is invalid: ${summary}`, {
    name,
    group: group || undefined,
    kind,
    causes: errs.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })),
  });
}

/** 400 BadRequest with a free-form message. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 403 Forbidden for an operation the object's state rules out. */
export function forbidden(group: string, resource: string, name: string, why: string): ApiError {
  return new ApiError(403, 'Forbidden', `${qualified(resource, group)} "${name}" is forbidden: ${why}`, { name, group: group || undefined, kind: resource });
}

/** 404 for a path that names no resource the server knows. */
export function unknownResource(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 405 for a verb the resource does not support. */
export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/** 410 Gone when a watch or continue token refers to compacted history. */
export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** 413 when the body exceeds the cap. */
export function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
}

/** 415 for a patch type the resource does not accept. */
export function unsupportedMediaType(message: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', message);
}

/** 401 without a valid bearer token. */
export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

/** 500 for a bug; the message is kept generic on the wire. */
export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}
