// CESQL (CloudEvents SQL) expression tree.

/** A CESQL value: the language has booleans, 32-bit integers and strings. */
export type Value = boolean | number | string;

/** One node of a parsed expression. */
export type Expr =
  | { kind: 'literal'; value: Value }
  | { kind: 'attribute'; name: string }
  | { kind: 'unary'; op: 'NOT' | '-'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'like'; operand: Expr; pattern: string; negated: boolean }
  | { kind: 'exists'; name: string }
  | { kind: 'in'; operand: Expr; set: Expr[]; negated: boolean }
  | { kind: 'call'; name: string; args: Expr[] };

/** Binary operators. */
export type BinaryOp = '*' | '/' | '%' | '+' | '-' | '=' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR' | 'XOR';

/** A malformed expression (rejected by validation). */
export class CesqlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CesqlParseError';
  }
}

/** An evaluation failure (missing attribute, bad cast, division by zero); the filter then fails. */
export class CesqlEvalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CesqlEvalError';
  }
}
