// Legacy Trigger `filter.attributes`: AND of exact matches, "" meaning "present with any value".
import { lookupAttribute, type EventAttributes, type EventFilter, type FilterResult } from './filter.js';

/** Builds the legacy attributes filter; an empty map passes everything. */
export function attributesFilter(attributes: Record<string, string>): EventFilter {
  const entries = Object.entries(attributes);
  return {
    filter(event: EventAttributes): FilterResult {
      for (const [name, want] of entries) {
        const got = lookupAttribute(event, name);
        if (got === undefined || got === '') return 'fail';
        if (want !== '' && got !== want) return 'fail';
      }
      return 'pass';
    },
  };
}
