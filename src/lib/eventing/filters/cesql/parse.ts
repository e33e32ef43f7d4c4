// CESQL lexer and parser (precedence climbing over the CESQLParser.g4 grammar of the CloudEvents SDKs).
// Binding, tightest first: NOT and unary minus; LIKE; EXISTS; IN; * / %; + -; comparisons; then AND,
// OR and XOR on one right-associative level. Keywords are case-insensitive, attribute names are
// lower-cased, function names are upper-case.
import { CesqlParseError, type BinaryOp, type Expr } from './ast.js';
import { FUNCTIONS } from './functions.js';

type Token =
  | { t: 'int'; v: number }
  | { t: 'str'; v: string }
  | { t: 'word'; v: string }
  | { t: 'op'; v: string }
  | { t: 'eof' };

const KEYWORDS = new Set(['AND', 'OR', 'XOR', 'NOT', 'LIKE', 'EXISTS', 'IN', 'TRUE', 'FALSE']);
const MAX_INT = 2 ** 31 - 1;

function lex(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new CesqlParseError(`unterminated string literal`);
        const ch = src[i];
        if (ch === '\\' && src[i + 1] === c) {
          // \' (or \") is the quote itself; other backslashes stay for LIKE's escapes.
          v += c;
          i += 2;
        } else if (ch === '\\' && i + 1 < src.length) {
          v += ch + src[i + 1];
          i += 2;
        } else if (ch === c && src[i + 1] === c) {
          v += c;
          i += 2;
        } else if (ch === c) {
          i++;
          break;
        } else {
          v += ch;
          i++;
        }
      }
      out.push({ t: 'str', v });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('()=<>+-*/%,'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_]+/.exec(src.slice(i));
    if (!m) throw new CesqlParseError(`unexpected character '${c}' at position ${i}`);
    const word = m[0];
    i += word.length;
    if (/^[0-9]+$/.test(word)) {
      const n = Number(word);
      if (n > MAX_INT + 1) throw new CesqlParseError(`integer literal out of range: ${word}`);
      out.push({ t: 'int', v: n });
    } else {
      out.push({ t: 'word', v: word });
    }
  }
  out.push({ t: 'eof' });
  return out;
}

// Binary operator precedence (higher binds tighter).
const BINARY: Record<string, number> = {
  '*': 5, '/': 5, '%': 5,
  '+': 4, '-': 4,
  '=': 3, '!=': 3, '<>': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  AND: 1, OR: 1, XOR: 1,
};
const PREC_IN = 6;
const PREC_LIKE = 8;

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private next(): Token {
    return this.tokens[this.pos++];
  }
  private keyword(t: Token): string | undefined {
    return t.t === 'word' && KEYWORDS.has(t.v.toUpperCase()) ? t.v.toUpperCase() : undefined;
  }
  private expectOp(v: string): void {
    const t = this.next();
    if (t.t !== 'op' || t.v !== v) throw new CesqlParseError(`expected '${v}', found ${describe(t)}`);
  }

  parseAll(): Expr {
    const e = this.parseExpr(0);
    const t = this.peek();
    if (t.t !== 'eof') throw new CesqlParseError(`unexpected ${describe(t)}`);
    return e;
  }

  // Precedence climbing; `min` is the lowest precedence this call may consume.
  parseExpr(min: number): Expr {
    let left = this.parsePrefix();
    for (;;) {
      const t = this.peek();
      const kw = this.keyword(t);
      // Postfix-style LIKE / IN, optionally negated by NOT.
      const negated = kw === 'NOT' && ['LIKE', 'IN'].includes(this.keyword(this.tokens[this.pos + 1]) ?? '');
      const post = negated ? this.keyword(this.tokens[this.pos + 1]) : kw;
      if (post === 'LIKE' && PREC_LIKE >= min) {
        this.pos += negated ? 2 : 1;
        const p = this.next();
        if (p.t !== 'str') throw new CesqlParseError(`LIKE expects a string literal, found ${describe(p)}`);
        left = { kind: 'like', operand: left, pattern: p.v, negated };
        continue;
      }
      if (post === 'IN' && PREC_IN >= min) {
        this.pos += negated ? 2 : 1;
        this.expectOp('(');
        const set = [this.parseExpr(0)];
        while (this.peek().t === 'op' && (this.peek() as { v: string }).v === ',') {
          this.next();
          set.push(this.parseExpr(0));
        }
        this.expectOp(')');
        left = { kind: 'in', operand: left, set, negated };
        continue;
      }
      const op = kw && BINARY[kw] !== undefined ? kw : t.t === 'op' && BINARY[t.v] !== undefined ? t.v : undefined;
      if (!op || BINARY[op] < min) return left;
      this.next();
      const prec = BINARY[op];
      // AND/OR/XOR are right-associative; the others associate to the left.
      const right = this.parseExpr(prec === 1 ? prec : prec + 1);
      left = { kind: 'binary', op: op as BinaryOp, left, right };
    }
  }

  private parsePrefix(): Expr {
    const t = this.next();
    const kw = this.keyword(t);
    if (kw === 'NOT') return { kind: 'unary', op: 'NOT', operand: this.parseExpr(PREC_LIKE + 1) };
    if (t.t === 'op' && t.v === '-') return { kind: 'unary', op: '-', operand: this.parseExpr(PREC_LIKE + 1) };
    if (kw === 'TRUE' || kw === 'FALSE') return { kind: 'literal', value: kw === 'TRUE' };
    if (kw === 'EXISTS') {
      const id = this.next();
      if (id.t !== 'word' || this.keyword(id)) throw new CesqlParseError(`EXISTS expects an attribute name, found ${describe(id)}`);
      return { kind: 'exists', name: id.v.toLowerCase() };
    }
    if (t.t === 'int') {
      if (t.v > MAX_INT) throw new CesqlParseError(`integer literal out of range: ${t.v}`);
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'str') return { kind: 'literal', value: t.v };
    if (t.t === 'op' && t.v === '(') {
      const e = this.parseExpr(0);
      this.expectOp(')');
      return e;
    }
    if (t.t === 'word' && !kw) {
      const after = this.peek();
      if (after.t === 'op' && after.v === '(') {
        const name = t.v.toUpperCase();
        if (!FUNCTIONS[name]) throw new CesqlParseError(`unknown function ${t.v}`);
        this.next();
        const args: Expr[] = [];
        if (!(this.peek().t === 'op' && (this.peek() as { v: string }).v === ')')) {
          args.push(this.parseExpr(0));
          while (this.peek().t === 'op' && (this.peek() as { v: string }).v === ',') {
            this.next();
            args.push(this.parseExpr(0));
          }
        }
        this.expectOp(')');
        FUNCTIONS[name].checkArity(args.length);
        return { kind: 'call', name, args };
      }
      return { kind: 'attribute', name: t.v.toLowerCase() };
    }
    throw new CesqlParseError(`unexpected ${describe(t)}`);
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case 'eof':
      return 'end of expression';
    case 'str':
      return `string '${t.v}'`;
    case 'int':
      return `integer ${t.v}`;
    default:
      return `'${t.v}'`;
  }
}

/** Parses a CESQL expression; throws CesqlParseError. */
export function parseCesql(source: string): Expr {
  if (source.trim() === '') throw new CesqlParseError('empty expression');
  return new Parser(lex(source)).parseAll();
}
