// The exact, prefix and suffix dialects of Trigger `filters`: each compares an attribute's string form.
import { lookupAttribute, type EventAttributes, type EventFilter, type FilterResult } from './filter.js';

type Matcher = (got: string, want: string) => boolean;

const matchers = {
  exact: (got: string, want: string) => got === want,
  prefix: (got: string, want: string) => got.startsWith(want),
  suffix: (got: string, want: string) => got.endsWith(want),
} satisfies Record<string, Matcher>;

/** Dialects that compare strings. */
export type StringDialect = keyof typeof matchers;

/** Builds a string-matching filter; several entries must all match, a missing attribute fails. */
export function stringMatchFilter(dialect: StringDialect, attributes: Record<string, string>): EventFilter {
  const match = matchers[dialect];
  const entries = Object.entries(attributes);
  return {
    filter(event: EventAttributes): FilterResult {
      if (entries.length === 0) return 'nofilter';
      for (const [name, want] of entries) {
        const got = lookupAttribute(event, name);
        if (got === undefined || !match(got, want)) return 'fail';
      }
      return 'pass';
    },
  };
}
