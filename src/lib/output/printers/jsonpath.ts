// kubectl's JSONPath template syntax: text with {actions}; actions are paths, "literals", range/end.
// Paths are evaluated by jsonpath-plus; the template grammar and output rules are kubectl's.
import { JSONPath } from 'jsonpath-plus';
import { KnError } from '../../api/errors.js';
import { goJson } from './json.js';

type Node =
  | { t: 'text'; s: string }
  | { t: 'path'; p: string }
  | { t: 'range'; p: string; body: Node[] };

/** Parses a kubectl JSONPath template; throws KnError on syntax errors. */
export function parseJsonPathTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  let text = '';
  const top = () => stack[stack.length - 1] as Node[];
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch !== '{') {
      text += ch;
      i++;
      continue;
    }
    if (text) top().push({ t: 'text', s: text });
    text = '';
    const end = findClose(template, i + 1);
    if (end < 0) throw new KnError(`error parsing jsonpath ${template}, unclosed action`, 'BadRequest');
    const action = template.slice(i + 1, end).trim();
    i = end + 1;
    if (action === 'end') {
      if (stack.length === 1) throw new KnError(`error parsing jsonpath ${template}, not in range, nothing to end`, 'BadRequest');
      stack.pop();
    } else if (action.startsWith('range ')) {
      const node: Node = { t: 'range', p: action.slice(6).trim(), body: [] };
      top().push(node);
      stack.push(node.body);
    } else {
      // One item per action, as in kubectl ("{.a}{.b}" for several).
      if (action.startsWith('"')) top().push({ t: 'text', s: unquote(action) });
      else top().push({ t: 'path', p: action });
    }
  }
  if (text) top().push({ t: 'text', s: text });
  if (stack.length !== 1) throw new KnError(`error parsing jsonpath ${template}, unclosed range`, 'BadRequest');
  return root;
}

// Finds the closing brace, skipping quoted strings and nested brackets.
function findClose(s: string, from: number): number {
  let quote = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '}') return i;
  }
  return -1;
}

function unquote(lit: string): string {
  try {
    return JSON.parse(lit) as string;
  } catch {
    throw new KnError(`invalid string literal ${lit} in jsonpath template`, 'BadRequest');
  }
}

function toJsonPathPlus(p: string): string {
  if (p === '@' || p === '$' || p === '.') return '$';
  if (p.startsWith('@')) return `$${p.slice(1)}`;
  if (p.startsWith('$')) return p;
  if (p.startsWith('..')) return `$${p}`;
  if (p.startsWith('.') || p.startsWith('[')) return `$${p}`;
  return `$.${p}`;
}

function evalPath(p: string, data: unknown): unknown[] {
  try {
    return JSONPath({ path: toJsonPathPlus(p), json: data as object, wrap: true }) as unknown[];
  } catch (e) {
    throw new KnError(`error executing jsonpath "${p}": ${(e as Error).message}`, 'BadRequest');
  }
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return goJson(v);
  return String(v);
}

/** Evaluates a template against data; `asJson` returns kubectl's jsonpath-as-json output. */
export function printJsonPath(template: string, data: unknown, asJson = false, strict = false): string {
  const nodes = parseJsonPathTemplate(template);
  const evaluate = (p: string, d: unknown) => {
    const r = evalPath(p, d);
    if (strict && r.length === 0) throw new KnError(`error executing jsonpath "${template}": ${p} is not found`, 'BadRequest');
    return r;
  };
  if (asJson) {
    const results: unknown[] = [];
    collect(nodes, data, results, evaluate);
    return goJson(results, 4) + '\n';
  }
  return render(nodes, data, evaluate);
}

type Evaluate = (p: string, data: unknown) => unknown[];

function render(nodes: Node[], data: unknown, ev: Evaluate): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'path') out += ev(n.p, data).map(formatValue).join(' ');
    else for (const item of rangeItems(n.p, data, ev)) out += render(n.body, item, ev);
  }
  return out;
}

function collect(nodes: Node[], data: unknown, into: unknown[], ev: Evaluate): void {
  for (const n of nodes) {
    if (n.t === 'path') into.push(...ev(n.p, data));
    else if (n.t === 'range') for (const item of rangeItems(n.p, data, ev)) collect(n.body, item, into, ev);
  }
}

// `range .items` (one array result) iterates its elements, like `range .items[*]`.
function rangeItems(p: string, data: unknown, ev: Evaluate): unknown[] {
  const r = ev(p, data);
  return r.length === 1 && Array.isArray(r[0]) ? (r[0] as unknown[]) : r;
}
