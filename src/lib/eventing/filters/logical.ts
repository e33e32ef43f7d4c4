// The all, any and not dialects: combinators over other filters, with upstream's NoFilter algebra.
import { andResults, orResults, type EventAttributes, type EventFilter, type FilterResult } from './filter.js';

/** Every sub-filter must pass; an empty list says NoFilter. Stops at the first Fail. */
export function allFilter(filters: EventFilter[]): EventFilter {
  return {
    filter(event: EventAttributes): FilterResult {
      let res: FilterResult = 'nofilter';
      for (const f of filters) {
        res = andResults(res, f.filter(event));
        if (res === 'fail') return res;
      }
      return res;
    },
  };
}

/** At least one sub-filter must pass; an empty list says NoFilter. Stops at the first Pass. */
export function anyFilter(filters: EventFilter[]): EventFilter {
  return {
    filter(event: EventAttributes): FilterResult {
      let res: FilterResult = 'nofilter';
      for (const f of filters) {
        res = orResults(res, f.filter(event));
        if (res === 'pass') return res;
      }
      return res;
    },
  };
}

/** Inverts Pass and Fail; NoFilter stays NoFilter. */
export function notFilter(inner: EventFilter): EventFilter {
  return {
    filter(event: EventAttributes): FilterResult {
      const r = inner.filter(event);
      return r === 'nofilter' ? r : r === 'pass' ? 'fail' : 'pass';
    },
  };
}
