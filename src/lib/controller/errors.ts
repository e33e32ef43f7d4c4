// API errors with their HTTP status and Kubernetes reason, and the predicates controllers branch on.

/** An error answered by the API server (a metav1.Status body), or a transport failure (code 0). */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An error the controller must not retry (bad input that only a spec change can fix). */
export class PermanentError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PermanentError';
  }
}

const codeOf = (e: unknown): number | undefined => (e instanceof ApiError ? e.code : undefined);

/** True for 404 Not Found. */
export const isNotFound = (e: unknown): boolean => codeOf(e) === 404;
/** True for 409 Conflict caused by a stale resourceVersion (not AlreadyExists). */
export const isConflict = (e: unknown): boolean => codeOf(e) === 409 && (e as ApiError).reason !== 'AlreadyExists';
/** True for 409 AlreadyExists on create. */
export const isAlreadyExists = (e: unknown): boolean => codeOf(e) === 409 && (e as ApiError).reason === 'AlreadyExists';
/** True for 410 Gone (a watch or list resourceVersion too old). */
export const isGone = (e: unknown): boolean => codeOf(e) === 410;
/** True for errors the controller should drop instead of retrying. */
export const isPermanent = (e: unknown): boolean => e instanceof PermanentError;
