// Validation errors as knative/pkg apis.FieldError: a message, the field paths it applies to and
// optional details; rendered exactly as upstream so kn and kubectl show the same text.

/** One validation error. */
export interface FieldError {
  message: string;
  paths: string[];
  details?: string;
}

/** Errors collected while validating; every helper returns a new array. */
export type FieldErrors = FieldError[];

function prefixPath(prefix: string, path: string): string {
  if (path === '') return prefix;
  if (path.startsWith('[')) return prefix + path;
  return `${prefix}.${path}`;
}

/** Nests errors under a field: `image` becomes `containers.image` via `viaField(errs, 'containers')`. */
export function viaField(errs: FieldErrors, ...fields: string[]): FieldErrors {
  const prefix = fields.join('.');
  return errs.map((e) => ({ ...e, paths: e.paths.map((p) => prefixPath(prefix, p)) }));
}

/** Nests errors under a list index: `image` becomes `[0].image`. */
export function viaIndex(errs: FieldErrors, index: number): FieldErrors {
  return viaField(errs, `[${index}]`);
}

/** Nests errors under `field[index]`. */
export function viaFieldIndex(errs: FieldErrors, field: string, index: number): FieldErrors {
  return viaField(viaIndex(errs, index), field);
}

/** `missing field(s)`. */
export function errMissingField(...paths: string[]): FieldError {
  return { message: 'missing field(s)', paths };
}

/** `must not set the field(s)`. */
export function errDisallowedFields(...paths: string[]): FieldError {
  return { message: 'must not set the field(s)', paths };
}

/** `invalid value: <v>`. */
export function errInvalidValue(value: unknown, path: string, details?: string): FieldError {
  return withDetails({ message: `invalid value: ${String(value)}`, paths: [path] }, details);
}

/** `expected <lo> <= <v> <= <hi>`. */
export function errOutOfBoundsValue(value: unknown, lower: unknown, upper: unknown, path: string): FieldError {
  return { message: `expected ${String(lower)} <= ${String(value)} <= ${String(upper)}`, paths: [path] };
}

/** `expected exactly one, got neither`. */
export function errMissingOneOf(...paths: string[]): FieldError {
  return { message: 'expected exactly one, got neither', paths };
}

/** `expected exactly one, got both`. */
export function errMultipleOneOf(...paths: string[]): FieldError {
  return { message: 'expected exactly one, got both', paths };
}

/** `invalid key name "<k>"`. */
export function errInvalidKeyName(key: string, path: string, details?: string): FieldError {
  return withDetails({ message: `invalid key name ${JSON.stringify(key)}`, paths: [path] }, details);
}

/** `Immutable fields changed (-old +new)` with the diff as details. */
export function errImmutableField(path: string, diff?: string): FieldError {
  return withDetails({ message: 'Immutable fields changed (-old +new)', paths: [path] }, diff);
}

/** Any other message. */
export function errGeneric(message: string, paths: string[], details?: string): FieldError {
  return withDetails({ message, paths }, details);
}

function withDetails(e: FieldError, details: string | undefined): FieldError {
  return details ? { ...e, details } : e;
}

/** Merges, sorts and renders errors as knative/pkg FieldError.Error() does ("" when none). */
export function formatFieldErrors(errs: FieldErrors): string {
  const merged = new Map<string, FieldError>();
  for (const e of errs) {
    const key = `${e.message}\u0000${e.details ?? ''}`;
    const seen = merged.get(key);
    if (seen) seen.paths.push(...e.paths);
    else merged.set(key, { message: e.message, details: e.details, paths: [...e.paths] });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const list = [...merged.values()].map((e) => ({ ...e, paths: [...new Set(e.paths)].sort(cmp) }));
  list.sort((a, b) => (a.message === b.message ? cmp(a.details ?? '', b.details ?? '') : cmp(a.message, b.message)));
  return list
    .map((e) => `${e.message}: ${e.paths.join(', ')}${e.details ? `\n${e.details}` : ''}`)
    .join('\n');
}

/** Name under which upstream registers the serving validating webhook. */
export const VALIDATION_WEBHOOK_NAME = 'validation.webhook.serving.knative.dev';

/** The denial text of the validating webhook (the API server wraps it in its admission message). */
export function formatDenial(errs: FieldErrors): string {
  return `validation failed: ${formatFieldErrors(errs)}`;
}
