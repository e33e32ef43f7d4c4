// Compiles a Trigger's filter spec into one EventFilter: `filters` (implicit all) when non-empty,
// else the legacy `filter.attributes`. Validation (validate.ts) runs first; a malformed CESQL
// expression still throws CesqlParseError here.
import type { SubscriptionsAPIFilter, TriggerSpec } from '../types.js';
import { attributesFilter } from './attributes.js';
import { cesqlFilter } from './cesql.js';
import type { EventFilter } from './filter.js';
import { allFilter, anyFilter, notFilter } from './logical.js';
import { stringMatchFilter } from './string-match.js';

/** Compiles one SubscriptionsAPIFilter (its single dialect) into a filter. */
export function createSubscriptionsApiFilter(f: SubscriptionsAPIFilter): EventFilter {
  if (f.exact && Object.keys(f.exact).length > 0) return stringMatchFilter('exact', f.exact);
  if (f.prefix && Object.keys(f.prefix).length > 0) return stringMatchFilter('prefix', f.prefix);
  if (f.suffix && Object.keys(f.suffix).length > 0) return stringMatchFilter('suffix', f.suffix);
  if (f.all && f.all.length > 0) return allFilter(f.all.map(createSubscriptionsApiFilter));
  if (f.any && f.any.length > 0) return anyFilter(f.any.map(createSubscriptionsApiFilter));
  if (f.not) return notFilter(createSubscriptionsApiFilter(f.not));
  if (f.cesql) return cesqlFilter(f.cesql);
  // An entry with no dialect set filters nothing.
  return allFilter([]);
}

/** Compiles the filter of a Trigger spec. */
export function createTriggerFilter(spec: Pick<TriggerSpec, 'filter' | 'filters'>): EventFilter {
  if (spec.filters && spec.filters.length > 0) return allFilter(spec.filters.map(createSubscriptionsApiFilter));
  return attributesFilter(spec.filter?.attributes ?? {});
}
