// knative/pkg FieldError rendering ("<message>: <paths>" plus optional "\n<details>"), for the
// validation messages eventing shares with upstream webhooks.

/** A validation failure at one or more field paths, rendered the knative/pkg way. */
export class FieldError extends Error {
  constructor(
    readonly reason: string,
    readonly paths: string[],
    readonly details = '',
  ) {
    super(renderFieldError(reason, paths, details));
    this.name = 'FieldError';
  }
}

/** knative/pkg rendering: paths sorted and comma-joined after the message, details on the next line. */
export function renderFieldError(reason: string, paths: string[], details = ''): string {
  const p = [...paths].sort().join(', ');
  const head = p ? `${reason}: ${p}` : reason;
  return details ? `${head}\n${details}` : head;
}

/** `invalid value: <v>` at path. */
export function invalidValue(value: unknown, path: string, details = ''): FieldError {
  return new FieldError(`invalid value: ${String(value)}`, [path], details);
}

/** `missing field(s)` at paths. */
export function missingField(...paths: string[]): FieldError {
  return new FieldError('missing field(s)', paths);
}

/** `must not set the field(s)` at paths. */
export function disallowedField(...paths: string[]): FieldError {
  return new FieldError('must not set the field(s)', paths);
}

/** Joins several errors into one message (one per line), or undefined when there are none. */
export function combineErrors(errors: FieldError[]): Error | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new Error(errors.map((e) => e.message).join('\n'));
}
