// The cesql dialect of Trigger `filters`: a CloudEvents SQL expression that must evaluate to true.
import { CesqlEvalError, CesqlParseError } from './cesql/ast.js';
import { evaluate } from './cesql/evaluate.js';
import { parseCesql } from './cesql/parse.js';
import type { EventAttributes, EventFilter, FilterResult } from './filter.js';
import { toBoolean } from './cesql/cast.js';

export { CesqlParseError };

/** Compiles a CESQL filter; throws CesqlParseError for a malformed expression. */
export function cesqlFilter(expression: string): EventFilter {
  const tree = parseCesql(expression);
  return {
    filter(event: EventAttributes): FilterResult {
      try {
        return toBoolean(evaluate(tree, event)) ? 'pass' : 'fail';
      } catch (e) {
        if (e instanceof CesqlEvalError) return 'fail';
        throw e;
      }
    },
  };
}
