// Public surface of the eventing filters.
export { createTriggerFilter, createSubscriptionsApiFilter, CesqlNotSupportedError } from './create.js';
export { validateTriggerFilters, validateSubscriptionsApiFilter, CESQL_NOT_SUPPORTED } from './validate.js';
export { passes, type EventFilter, type FilterResult, type EventAttributes } from './filter.js';
