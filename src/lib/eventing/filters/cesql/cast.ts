// CESQL implicit and explicit casts between boolean, integer and string.
import { CesqlEvalError, type Value } from './ast.js';

/** The CESQL type of a value. */
export type ValueType = 'Boolean' | 'Integer' | 'String';

/** Type of a value. */
export function typeOf(v: Value): ValueType {
  return typeof v === 'boolean' ? 'Boolean' : typeof v === 'number' ? 'Integer' : 'String';
}

/** Casts to integer: strings must be a base-10 32-bit integer. */
export function toInteger(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) {
    const n = Number(v.trim());
    if (n >= -(2 ** 31) && n <= 2 ** 31 - 1) return n;
  }
  throw new CesqlEvalError(`cannot cast ${JSON.stringify(v)} to Integer`);
}

/** Casts to boolean: strings must be "true" or "false" (any case). */
export function toBoolean(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  throw new CesqlEvalError(`cannot cast ${JSON.stringify(v)} to Boolean`);
}

/** Casts to string (every value has a string form). */
export function toStringValue(v: Value): string {
  return typeof v === 'string' ? v : String(v);
}

/** Casts `v` to `type`. */
export function castTo(v: Value, type: ValueType): Value {
  switch (type) {
    case 'Boolean':
      return toBoolean(v);
    case 'Integer':
      return toInteger(v);
    default:
      return toStringValue(v);
  }
}

/** Wraps an integer result to 32 bits, as the reference implementations' int32 arithmetic does. */
export function int32(n: number): number {
  return n | 0;
}
