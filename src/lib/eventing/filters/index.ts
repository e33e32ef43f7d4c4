// Public surface of the eventing filters.
export { createTriggerFilter, createSubscriptionsApiFilter } from './create.js';
export { cesqlFilter, CesqlParseError } from './cesql.js';
export { validateTriggerFilters, validateSubscriptionsApiFilter } from './validate.js';
export { passes, type EventFilter, type FilterResult, type EventAttributes } from './filter.js';
