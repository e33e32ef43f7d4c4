// kubectl's JSON printer: 4-space indent, newline at the end, Go's HTML-safe escaping.

/** Serializes like Go's json.MarshalIndent(obj, "", "    ") plus a trailing newline. */
export function printJson(obj: unknown): string {
  return goJson(obj, 4) + '\n';
}

/** JSON with Go's escaping of <, >, &, U+2028 and U+2029 (only ever inside string literals). */
export function goJson(obj: unknown, indent?: number): string {
  return JSON.stringify(obj, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
