// CESQL evaluation against an event's attributes. Any error (missing attribute, bad cast, division
// by zero) aborts the evaluation; the filter then fails, as upstream's does on evaluation errors.
import { lookupAttribute, type EventAttributes } from '../filter.js';
import { CesqlEvalError, type Expr, type Value } from './ast.js';
import { castTo, int32, toBoolean, toInteger, toStringValue, typeOf } from './cast.js';
import { FUNCTIONS } from './functions.js';

/** Evaluates an expression; throws CesqlEvalError. */
export function evaluate(e: Expr, event: EventAttributes): Value {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'attribute': {
      const v = lookupAttribute(event, e.name);
      if (v === undefined) throw new CesqlEvalError(`missing attribute ${e.name}`);
      return v;
    }
    case 'exists':
      return lookupAttribute(event, e.name) !== undefined;
    case 'unary':
      return e.op === 'NOT' ? !toBoolean(evaluate(e.operand, event)) : int32(-toInteger(evaluate(e.operand, event)));
    case 'like': {
      const matched = likeRegExp(e.pattern).test(toStringValue(evaluate(e.operand, event)));
      return e.negated ? !matched : matched;
    }
    case 'in': {
      const v = evaluate(e.operand, event);
      const found = e.set.some((item) => equal(v, evaluate(item, event)));
      return e.negated ? !found : found;
    }
    case 'call':
      return FUNCTIONS[e.name].call(e.args.map((a) => evaluate(a, event)));
    case 'binary':
      return binary(e, event);
  }
}

// Equality casts the right operand to the left operand's type.
function equal(l: Value, r: Value): boolean {
  return l === castTo(r, typeOf(l));
}

function binary(e: Extract<Expr, { kind: 'binary' }>, event: EventAttributes): Value {
  switch (e.op) {
    case 'AND': {
      if (!toBoolean(evaluate(e.left, event))) return false;
      return toBoolean(evaluate(e.right, event));
    }
    case 'OR': {
      if (toBoolean(evaluate(e.left, event))) return true;
      return toBoolean(evaluate(e.right, event));
    }
    case 'XOR':
      return toBoolean(evaluate(e.left, event)) !== toBoolean(evaluate(e.right, event));
    case '=':
      return equal(evaluate(e.left, event), evaluate(e.right, event));
    case '!=':
    case '<>':
      return !equal(evaluate(e.left, event), evaluate(e.right, event));
    default:
      break;
  }
  const l = toInteger(evaluate(e.left, event));
  const r = toInteger(evaluate(e.right, event));
  switch (e.op) {
    case '<':
      return l < r;
    case '<=':
      return l <= r;
    case '>':
      return l > r;
    case '>=':
      return l >= r;
    case '+':
      return int32(l + r);
    case '-':
      return int32(l - r);
    case '*':
      return int32(Math.imul(l, r));
    case '/':
      if (r === 0) throw new CesqlEvalError('division by zero');
      return int32(Math.trunc(l / r));
    case '%':
      if (r === 0) throw new CesqlEvalError('division by zero');
      return int32(l % r);
  }
}

const likeCache = new Map<string, RegExp>();

/** LIKE pattern to a RegExp: % any run, _ one character, backslash escapes the next character. */
export function likeRegExp(pattern: string): RegExp {
  const hit = likeCache.get(pattern);
  if (hit) return hit;
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) src += escapeRe(pattern[++i]);
    else if (c === '%') src += '.*';
    else if (c === '_') src += '.';
    else src += escapeRe(c);
  }
  const re = new RegExp(`^${src}$`, 'su');
  if (likeCache.size > 1000) likeCache.clear();
  likeCache.set(pattern, re);
  return re;
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
