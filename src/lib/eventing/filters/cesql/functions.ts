// CESQL built-in functions (CloudEvents SQL v1).
import { CesqlEvalError, CesqlParseError, type Value } from './ast.js';
import { int32, toBoolean, toInteger, toStringValue } from './cast.js';

interface Fn {
  checkArity(n: number): void;
  call(args: Value[]): Value;
}

const arity = (name: string, min: number, max = min) => (n: number) => {
  if (n < min || n > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new CesqlParseError(`function ${name} expects ${want} argument(s), got ${n}`);
  }
};

const fn = (name: string, min: number, max: number, call: (args: Value[]) => Value): Fn => ({ checkArity: arity(name, min, max), call });

/** Functions by upper-case name. */
export const FUNCTIONS: Record<string, Fn> = {
  LENGTH: fn('LENGTH', 1, 1, ([s]) => [...toStringValue(s)].length),
  CONCAT: fn('CONCAT', 0, Infinity, (args) => args.map(toStringValue).join('')),
  CONCAT_WS: fn('CONCAT_WS', 1, Infinity, ([sep, ...rest]) => rest.map(toStringValue).join(toStringValue(sep))),
  LOWER: fn('LOWER', 1, 1, ([s]) => toStringValue(s).toLowerCase()),
  UPPER: fn('UPPER', 1, 1, ([s]) => toStringValue(s).toUpperCase()),
  TRIM: fn('TRIM', 1, 1, ([s]) => toStringValue(s).trim()),
  LEFT: fn('LEFT', 2, 2, ([s, n]) => {
    const len = toInteger(n);
    if (len < 0) throw new CesqlEvalError('LEFT length must not be negative');
    return [...toStringValue(s)].slice(0, len).join('');
  }),
  RIGHT: fn('RIGHT', 2, 2, ([s, n]) => {
    const len = toInteger(n);
    if (len < 0) throw new CesqlEvalError('RIGHT length must not be negative');
    const chars = [...toStringValue(s)];
    return chars.slice(Math.max(0, chars.length - len)).join('');
  }),
  SUBSTRING: fn('SUBSTRING', 2, 3, ([s, pos, len]) => {
    const chars = [...toStringValue(s)];
    const p = toInteger(pos);
    if (p === 0 || Math.abs(p) > chars.length) throw new CesqlEvalError(`SUBSTRING position ${p} out of range`);
    // 1-based; negative positions count from the end.
    const start = p > 0 ? p - 1 : chars.length + p;
    if (len === undefined) return chars.slice(start).join('');
    const l = toInteger(len);
    if (l < 0) throw new CesqlEvalError('SUBSTRING length must not be negative');
    return chars.slice(start, start + l).join('');
  }),
  ABS: fn('ABS', 1, 1, ([n]) => {
    const v = toInteger(n);
    if (v === -(2 ** 31)) throw new CesqlEvalError('ABS overflow');
    return int32(Math.abs(v));
  }),
  INT: fn('INT', 1, 1, ([v]) => toInteger(v)),
  BOOL: fn('BOOL', 1, 1, ([v]) => toBoolean(v)),
  STRING: fn('STRING', 1, 1, ([v]) => toStringValue(v)),
  IS_BOOL: fn('IS_BOOL', 1, 1, ([v]) => {
    try {
      toBoolean(v);
      return true;
    } catch {
      return false;
    }
  }),
  IS_INT: fn('IS_INT', 1, 1, ([v]) => {
    try {
      toInteger(v);
      return true;
    } catch {
      return false;
    }
  }),
};
