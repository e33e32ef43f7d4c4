// Typed CLI errors and the single place where transport/API failures become user messages.
// Wording follows knative/client pkg/errors (factory.go, knerror.go) and kubectl's Status texts.

/** Why a request failed, independent of transport. */
export type KnErrorReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Unauthorized'
  | 'Forbidden'
  | 'InternalError'
  | 'CannotConnect'
  | 'NoKubeconfig'
  | 'ApiNotInstalled'
  | 'Timeout'
  | 'BadRequest'
  | 'Unknown';

/** An error with a message fit for users; `code` is the HTTP status when there was one. */
export class KnError extends Error {
  constructor(
    message: string,
    readonly reason: KnErrorReason = 'Unknown',
    readonly code?: number,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'KnError';
  }
}

/** Raised by waits when the timeout expires. */
export class WaitTimeoutError extends KnError {
  constructor(message: string) {
    super(message, 'Timeout');
    this.name = 'WaitTimeoutError';
  }
}

/** True for a KnError (or raw API error) that means "object not found". */
export function isNotFound(e: unknown): boolean {
  return toKnError(e).reason === 'NotFound';
}

/** True when an update lost a race on resourceVersion (HTTP 409 on update). */
export function isConflict(e: unknown): boolean {
  return toKnError(e).reason === 'Conflict';
}

/** Context that improves messages: which group was addressed and where. */
export interface ErrorContext {
  /** API group of the request, e.g. "serving.knative.dev": used for "API not installed". */
  group?: string;
  /** Server URL, for "cannot connect". */
  server?: string;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string };
}

const REASON_BY_CODE: Record<number, KnErrorReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'Invalid',
  500: 'InternalError',
  504: 'Timeout',
};

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN']);

/** Maps anything thrown by client-node (ApiException, fetch/connection errors) to a KnError. */
export function toKnError(e: unknown, ctx: ErrorContext = {}): KnError {
  if (e instanceof KnError) return e;
  const code = httpCodeOf(e);
  if (code !== undefined) return fromHttp(code, parseStatus((e as { body?: unknown }).body), e, ctx);
  const sysCode = systemCodeOf(e);
  if (sysCode && CONNECT_CODES.has(sysCode)) {
    const where = ctx.server ? ctx.server.replace(/^https?:\/\//, '') : 'the API server';
    return new KnError(`error connecting to the cluster, please verify connection at: ${where}`, 'CannotConnect', undefined, e);
  }
  const msg = e instanceof Error ? e.message : String(e);
  if (/certificate has expired|CERT_HAS_EXPIRED/i.test(msg)) {
    return new KnError(`invalid or expired credentials: ${msg}`, 'Unauthorized', undefined, e);
  }
  return new KnError(msg, 'Unknown', undefined, e);
}

function fromHttp(code: number, status: StatusBody | undefined, e: unknown, ctx: ErrorContext): KnError {
  const reason = REASON_BY_CODE[code] ?? (code >= 500 ? 'InternalError' : 'Unknown');
  // A 404 without an object name means the resource type itself is unknown: CRDs not installed.
  if (code === 404 && ctx.group && (!status?.details?.name || status.reason !== 'NotFound')) {
    return new KnError(apiNotInstalledMessage(ctx.group), 'ApiNotInstalled', code, e);
  }
  if (code === 401) {
    const detail = status?.message ? `: ${status.message}` : '';
    return new KnError(`Unauthorized${detail}. Please check your credentials (expired or invalid token/certificate)`, reason, code, e);
  }
  if (status?.message) {
    const r: KnErrorReason = status.reason === 'AlreadyExists' ? 'AlreadyExists' : reason;
    // A 404 on a namespace lookup reads "namespaces "x" not found": keep the server's words.
    return new KnError(status.message, r, code, e);
  }
  const fallback: Record<number, string> = {
    403: 'Forbidden: you are not allowed to perform this operation',
    404: 'the server could not find the requested resource',
    409: 'the object has been modified; please apply your changes to the latest version and try again',
    500: 'an error on the server has prevented the request from succeeding',
  };
  return new KnError(fallback[code] ?? `unexpected HTTP status ${code} from the server`, reason, code, e);
}

/** Message kn prints when an API group is not served (spec §14). */
export function apiNotInstalledMessage(group: string): string {
  const first = group.split('.')[0] ?? group;
  const label = first.charAt(0).toUpperCase() + first.slice(1);
  return `no or newer Knative ${label} API found on the backend, please verify the installation or update the 'kn' client`;
}

function httpCodeOf(e: unknown): number | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const c = (e as { code?: unknown }).code;
  if (typeof c === 'number' && c >= 100 && c < 600) return c;
  const sc = (e as { statusCode?: unknown }).statusCode;
  return typeof sc === 'number' ? sc : undefined;
}

function systemCodeOf(e: unknown): string | undefined {
  let cur: unknown = e;
  // fetch wraps the socket error in `cause`; walk the chain.
  for (let i = 0; i < 5 && typeof cur === 'object' && cur !== null; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    const errs = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errs) && errs.length > 0) {
      cur = errs[0];
      continue;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function parseStatus(body: unknown): StatusBody | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body === 'object') return body as StatusBody;
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null ? (parsed as StatusBody) : undefined;
    } catch {
      return { message: body.trim() };
    }
  }
  return undefined;
}
