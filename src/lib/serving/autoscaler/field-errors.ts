// knative/pkg FieldError rendering for the autoscaling validators: "<message>: <paths>" with
// optional details on the next line; identical errors merged, paths and errors sorted.

/** One validation error: message, the field paths it applies to, optional details. */
export interface FieldIssue {
  message: string;
  paths: string[];
  details?: string;
}

/** Prefixes every path (e.g. `metadata.annotations`), as FieldError.ViaField does. */
export function prefixPaths(issues: readonly FieldIssue[], prefix: string): FieldIssue[] {
  return issues.map((i) => ({ ...i, paths: i.paths.map((p) => (p.startsWith('[') ? `${prefix}${p}` : `${prefix}.${p}`)) }));
}

// Go sorts strings by bytes; JS's default sort compares UTF-16 units, identical for our ASCII keys.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Renders issues exactly like FieldError.Error(); empty string when there are none. */
export function formatFieldIssues(issues: readonly FieldIssue[]): string {
  const merged = new Map<string, FieldIssue>();
  for (const i of issues) {
    const key = `${i.message}\u0000${i.details ?? ''}`;
    const seen = merged.get(key);
    if (seen) seen.paths.push(...i.paths);
    else merged.set(key, { message: i.message, details: i.details, paths: [...i.paths] });
  }
  const list = [...merged.values()].sort((a, b) => byText(a.message, b.message) || byText(a.details ?? '', b.details ?? ''));
  return list
    .map((i) => {
      const paths = [...new Set(i.paths)].sort(byText);
      const head = paths.length ? `${i.message}: ${paths.join(', ')}` : i.message;
      return i.details ? `${head}\n${i.details}` : head;
    })
    .join('\n');
}

/** `invalid value: <v>` at a path. */
export function invalidValue(value: string | number, path: string): FieldIssue {
  return { message: `invalid value: ${value}`, paths: [path] };
}

/** `expected <lo> <= <v> <= <hi>` at a path. */
export function outOfBounds(value: string | number, lo: string | number, hi: string | number, path: string): FieldIssue {
  return { message: `expected ${lo} <= ${value} <= ${hi}`, paths: [path] };
}
