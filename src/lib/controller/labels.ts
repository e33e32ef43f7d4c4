// Label selectors: parse the string form (`a=b,c!=d,e,!f,g in (x,y)`) and match label maps.

/** Labels of an object. */
export type Labels = Record<string, string>;

type Requirement =
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'in' | 'notin'; key: string; values: string[] };

/** A parsed label selector; `matches` tests one label map. */
export interface Selector {
  matches(labels: Labels | undefined): boolean;
  /** True when the selector selects everything. */
  empty: boolean;
}

/** Parses the label-selector string syntax used in list/watch query parameters. */
export function parseSelector(text: string | undefined): Selector {
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text ?? '')) {
    const p = part.trim();
    if (!p) continue;
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/))) {
      reqs.push({ op: m[2] as 'in' | 'notin', key: m[1]!, values: m[3]!.split(',').map((v) => v.trim()) });
    } else if ((m = p.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/))) {
      reqs.push({ op: m[2] === '!=' ? 'notin' : 'in', key: m[1]!, values: [m[3]!] });
    } else if (p.startsWith('!')) {
      reqs.push({ op: 'notexists', key: p.slice(1).trim() });
    } else {
      reqs.push({ op: 'exists', key: p });
    }
  }
  return {
    empty: reqs.length === 0,
    matches: (labels) => reqs.every((r) => matchOne(r, labels ?? {})),
  };
}

/** Selector from a metav1.LabelSelector ({matchLabels, matchExpressions}). */
export function selectorFromLabelSelector(sel: { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): Selector {
  return parseSelector(labelSelectorToString(sel));
}

/** String form of a metav1.LabelSelector, for list/watch query parameters. */
export function labelSelectorToString(sel: { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** True when every key/value of `selector` appears in `labels` (a Service's plain selector map). */
export function matchesMap(selector: Labels, labels: Labels | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function matchOne(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'exists':
      return has;
    case 'notexists':
      return !has;
    case 'in':
      return has && r.values.includes(labels[r.key]!);
    case 'notin':
      return !has || !r.values.includes(labels[r.key]!);
  }
}

// Splits on commas that are not inside parentheses.
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
