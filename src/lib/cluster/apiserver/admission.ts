// In-process admission: other modules (the Knative webhook equivalent) register mutating and
// validating functions per group/kind. Mutators run first, in registration order, then validators.
// A denial becomes a Status error and nothing is written, as with kube's admission webhooks.
import { ApiError, internalError, type StatusCause } from './errors.js';

/** What an admission function sees (mirrors admission.k8s.io/v1 AdmissionRequest). */
export interface AdmissionRequest {
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  group: string;
  version: string;
  kind: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The object to be written; mutators may change it in place or return a replacement. */
  object: any;
  /** The stored object for UPDATE and DELETE. */
  oldObject?: any;
  dryRun: boolean;
  /** Who asked (absent for in-process writers that bypass HTTP). */
  userInfo?: { username: string };
}

/** A mutating function returns a replacement object or mutates `req.object`; a validating one throws to deny. */
export type AdmissionFunction = (req: AdmissionRequest) => unknown | Promise<unknown>;

/** Which requests a function handles; `name` prefixes denials like kube (`admission webhook "<name>" denied the request: ...`). */
export interface AdmissionTarget {
  group: string;
  kind: string;
  type?: 'mutating' | 'validating';
  name?: string;
  /** Operations to see; default CREATE and UPDATE. */
  operations?: AdmissionRequest['operation'][];
}

/** Throw from an admission function to deny with a message (default HTTP 400, like a webhook denial). */
export class AdmissionDenied extends Error {
  constructor(
    message: string,
    readonly code = 400,
    readonly reason = 'BadRequest',
    readonly causes?: StatusCause[],
  ) {
    super(message);
  }
}

interface Registered {
  target: AdmissionTarget;
  fn: AdmissionFunction;
}

/** The registry of admission functions a server consults on every write. */
export class AdmissionChain {
  private readonly hooks: Registered[] = [];

  /** Registers fn for a group/kind; returns a function that unregisters it. */
  register(target: AdmissionTarget, fn: AdmissionFunction): () => void {
    const r = { target, fn };
    this.hooks.push(r);
    return () => {
      const i = this.hooks.indexOf(r);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /** True if anything would run for this request (lets the write path skip the await). */
  has(group: string, kind: string): boolean {
    return this.hooks.some((h) => h.target.group === group && h.target.kind === kind);
  }

  /** Runs mutators then validators; returns the (possibly replaced) object or throws an ApiError. */
  async run(req: AdmissionRequest): Promise<any> {
    const applies = (h: Registered) =>
      h.target.group === req.group && h.target.kind === req.kind && (h.target.operations ?? ['CREATE', 'UPDATE']).includes(req.operation);
    for (const type of ['mutating', 'validating'] as const) {
      for (const h of this.hooks.filter((x) => applies(x) && (x.target.type ?? 'validating') === type)) {
        try {
          const out = await h.fn(req);
          if (type === 'mutating' && out && typeof out === 'object') req.object = out;
        } catch (e) {
          throw toStatusError(e, h.target.name);
        }
      }
    }
    return req.object;
  }
}

function toStatusError(e: unknown, name: string | undefined): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof AdmissionDenied) {
    const msg = name ? `admission webhook "${name}" denied the request: ${e.message}` : e.message;
    return new ApiError(e.code, e.reason, msg, e.causes ? { causes: e.causes } : undefined);
  }
  return internalError(`admission ${name ?? 'function'} failed: ${e instanceof Error ? e.message : String(e)}`);
}
