// The filter contract shared by every dialect (knative/eventing pkg/eventfilter): a filter says Pass,
// Fail, or NoFilter ("I have nothing to say"), and NoFilter counts as a pass at the top.

/** Outcome of one filter on one event. */
export type FilterResult = 'pass' | 'fail' | 'nofilter';

import { hasNoTime } from '../http/codec.js';

/** Read-only view of a CloudEvent's attributes (context attributes and extensions by name). */
export type EventAttributes = Readonly<Record<string, unknown>>;

/** A compiled filter. */
export interface EventFilter {
  filter(event: EventAttributes): FilterResult;
}

/** AND of two results, NoFilter being neutral (upstream FilterResult.And). */
export function andResults(a: FilterResult, b: FilterResult): FilterResult {
  if (a === 'nofilter') return b;
  if (b === 'nofilter') return a;
  return a === 'pass' && b === 'pass' ? 'pass' : 'fail';
}

/** OR of two results, NoFilter being neutral (upstream FilterResult.Or). */
export function orResults(a: FilterResult, b: FilterResult): FilterResult {
  if (a === 'nofilter') return b;
  if (b === 'nofilter') return a;
  return a === 'pass' || b === 'pass' ? 'pass' : 'fail';
}

/** True when the event should be delivered (Pass or NoFilter). */
export function passes(result: FilterResult): boolean {
  return result !== 'fail';
}

// Attributes that are not strings on the wire still filter on their string form.
const stringForm = (v: unknown): string => {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  return String(v);
};

/** String form of an attribute, or undefined when the event does not carry it. */
export function lookupAttribute(event: EventAttributes, name: string): string | undefined {
  // `data` and `data_base64` are payload, never attributes.
  if (name === 'data' || name === 'data_base64') return undefined;
  // Own properties only: CloudEvent's prototype methods (validate, cloneWith...) are not attributes.
  if (!Object.prototype.hasOwnProperty.call(event, name)) return undefined;
  // A time the SDK made up for an event that came without one is not the event's.
  if (name === 'time' && hasNoTime(event as never)) return undefined;
  const v = event[name];
  if (v === undefined || v === null) return undefined;
  return stringForm(v);
}
