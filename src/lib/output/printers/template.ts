// A documented subset of Go text/template for `-o go-template`: {{.a.b}}, {{.}}, {{$}}, "literals",
// numbers, if/else/end, range/else/end, with/else/end, pipes (`x | f`), {{- -}} trimming, and the
// functions index, len, printf (%s %d %v %q), eq, ne, not, and, or. Anything else is a clear error.
import { KnError } from '../../api/errors.js';
import { goJson } from './json.js';

type Tok = { kind: 'text'; s: string } | { kind: 'action'; s: string };
type Node =
  | { t: 'text'; s: string }
  | { t: 'pipe'; p: string }
  | { t: 'if' | 'range' | 'with'; p: string; body: Node[]; els: Node[] };

const NO_VALUE = Symbol('no value');

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      out.push({ kind: 'text', s: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let start = open + 2;
    if (src.startsWith('{{- ', open)) {
      text = text.replace(/\s+$/, '');
      start = open + 3;
    }
    if (text) out.push({ kind: 'text', s: text });
    const close = findClose(src, start);
    if (close < 0) throw err(`unclosed action in template`);
    let body = src.slice(start, close);
    i = close + 2;
    if (body.endsWith(' -')) {
      body = body.slice(0, -2);
      const m = /^\s*/.exec(src.slice(i));
      i += m ? m[0].length : 0;
    }
    out.push({ kind: 'action', s: body.trim() });
  }
  return out;
}

function findClose(s: string, from: number): number {
  let quote = false;
  for (let i = from; i < s.length - 1; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '}' && s[i + 1] === '}') return i;
  }
  return -1;
}

/** Parses a template into a tree. */
export function parseGoTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: Array<{ nodes: Node[]; owner?: Extract<Node, { t: 'if' | 'range' | 'with' }>; inElse: boolean }> = [
    { nodes: root, inElse: false },
  ];
  for (const tok of tokenize(src)) {
    const top = stack[stack.length - 1]!;
    if (tok.kind === 'text') {
      top.nodes.push({ t: 'text', s: tok.s });
      continue;
    }
    const a = tok.s;
    if (a.startsWith('/*')) continue;
    const m = /^(if|range|with)\s+(.*)$/s.exec(a);
    if (m) {
      const node = { t: m[1] as 'if' | 'range' | 'with', p: (m[2] ?? '').trim(), body: [] as Node[], els: [] as Node[] };
      top.nodes.push(node);
      stack.push({ nodes: node.body, owner: node, inElse: false });
    } else if (a === 'else') {
      if (!top.owner || top.inElse) throw err('unexpected {{else}}');
      top.nodes = top.owner.els;
      top.inElse = true;
    } else if (a === 'end') {
      if (stack.length === 1) throw err('unexpected {{end}}');
      stack.pop();
    } else {
      top.nodes.push({ t: 'pipe', p: a });
    }
  }
  if (stack.length !== 1) throw err('unexpected EOF: missing {{end}}');
  return root;
}

/** Executes a template against data (missing keys print "<no value>" as kubectl's default). */
export function printGoTemplate(src: string, data: unknown, strict = false): string {
  strictKeys = strict;
  try {
    return exec(parseGoTemplate(src), data, data);
  } finally {
    strictKeys = false;
  }
}

// Set for the duration of one strict (missingkey=error) execution.
let strictKeys = false;

function exec(nodes: Node[], dot: unknown, root: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text') out += n.s;
    else if (n.t === 'pipe') out += show(evalPipe(n.p, dot, root));
    else {
      const v = evalPipe(n.p, dot, root);
      if (n.t === 'range') {
        const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v).sort().map((k) => (v as Record<string, unknown>)[k]) : [];
        if (items.length === 0) out += exec(n.els, dot, root);
        else for (const item of items) out += exec(n.body, item, root);
      } else if (truthy(v)) out += exec(n.body, n.t === 'with' ? v : dot, root);
      else out += exec(n.els, dot, root);
    }
  }
  return out;
}

function truthy(v: unknown): boolean {
  if (v === NO_VALUE || v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
}

function show(v: unknown): string {
  if (v === NO_VALUE || v === undefined) return '<no value>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${show(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

function evalPipe(p: string, dot: unknown, root: unknown): unknown {
  const stages = splitTop(p, '|');
  let acc: unknown = NO_VALUE;
  stages.forEach((stage, i) => {
    const words = words_(stage.trim());
    const extra = i === 0 ? [] : [acc];
    acc = evalCommand(words, extra, dot, root);
  });
  return acc;
}

function evalCommand(words: string[], extra: unknown[], dot: unknown, root: unknown): unknown {
  const [head, ...rest] = words;
  if (head === undefined) throw err('empty command');
  const fn = FUNCS[head];
  if (fn) return fn([...rest.map((w) => evalArg(w, dot, root)), ...extra]);
  if (rest.length > 0 || extra.length > 0) throw err(`can't give argument to non-function ${head}`);
  return evalArg(head, dot, root);
}

function evalArg(w: string, dot: unknown, root: unknown): unknown {
  if (w.startsWith('"')) {
    try {
      return JSON.parse(w) as string;
    } catch {
      throw err(`bad string literal ${w}`);
    }
  }
  if (w.startsWith('(')) {
    const close = matchingParen(w);
    const inner = evalPipe(w.slice(1, close), dot, root);
    const rest = w.slice(close + 1);
    if (rest === '') return inner;
    if (!rest.startsWith('.')) throw err(`unexpected ${rest} after parenthesized pipeline`);
    return inner === NO_VALUE ? NO_VALUE : field(inner, rest.slice(1));
  }
  if (/^-?\d+(\.\d+)?$/.test(w)) return Number(w);
  if (w === 'true' || w === 'false') return w === 'true';
  if (w === 'nil') return null;
  if (w === '.') return dot;
  if (w === '$') return root;
  if (w.startsWith('$.')) return field(root, w.slice(2));
  if (w.startsWith('.')) return field(dot, w.slice(1));
  throw err(`function "${w}" not defined`);
}

function field(base: unknown, path: string): unknown {
  let cur: unknown = base;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return NO_VALUE;
    if (!(key in (cur as object))) {
      if (strictKeys) throw new KnError(`error executing template: map has no entry for key "${key}"`, 'BadRequest');
      return NO_VALUE;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function matchingParen(w: string): number {
  let depth = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] === '(') depth++;
    else if (w[i] === ')' && --depth === 0) return i;
  }
  throw err(`unclosed parenthesis in ${w}`);
}

// Splits on a separator outside quotes and parentheses.
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quote) {
      cur += c;
      if (c === '\\') cur += s[++i] ?? '';
      else if (c === '"') quote = false;
      continue;
    }
    if (c === '"') quote = true;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}

function words_(s: string): string[] {
  return splitTop(s, ' ').filter((w) => w !== '');
}

function printf(args: unknown[]): string {
  const [fmt, ...rest] = args;
  let i = 0;
  return String(fmt).replace(/%([sdvq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const v = rest[i++];
    if (verb === 'q') return JSON.stringify(show(v));
    if (verb === 'd') return String(Math.trunc(Number(v)));
    return show(v);
  });
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  index: ([c, ...keys]) => {
    let cur = c;
    for (const k of keys) {
      if (cur === null || typeof cur !== 'object') return NO_VALUE;
      cur = (cur as Record<string, unknown>)[String(k)];
      if (cur === undefined) return NO_VALUE;
    }
    return cur;
  },
  len: ([v]) => (Array.isArray(v) || typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  printf,
  eq: ([a, ...bs]) => bs.some((b) => b === a),
  ne: ([a, b]) => a !== b,
  not: ([a]) => !truthy(a),
  and: (args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  json: ([v]) => goJson(v),
};

function err(msg: string): KnError {
  return new KnError(`error parsing template: ${msg}`, 'BadRequest');
}
