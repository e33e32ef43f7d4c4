// A short "-old +new" line diff of two JSON values, for immutability error details. Upstream prints
// go-cmp output; ours keeps the same sense (removed lines "-", added "+") over pretty JSON.

/** Deep equality of JSON-like values, treating undefined fields, empty arrays and empty objects as absent. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Drops empty values and sorts keys so equal objects serialize equally. */
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(normalize);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}

/** "" when equal, else a unified-style diff of the pretty JSON of both values. */
export function shortDiff(oldValue: unknown, newValue: unknown): string {
  if (semanticEqual(oldValue, newValue)) return '';
  const a = (JSON.stringify(normalize(oldValue), null, 2) ?? 'null').split('\n');
  const b = (JSON.stringify(normalize(newValue), null, 2) ?? 'null').split('\n');
  // Longest common subsequence table over lines; specs are small.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`- ${a[i++]}`);
    } else {
      out.push(`+ ${b[j++]}`);
    }
  }
  return out.join('\n');
}
