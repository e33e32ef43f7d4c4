// DeliverySpec validation (upstream messages) and its translation into the policy the dispatcher runs.
import { disallowedField, FieldError, invalidValue } from '../field-error.js';
import type { DeliverySpec } from '../types.js';
import { parseIsoDuration } from './iso8601.js';

/** Feature flags (config-features) that change what DeliverySpec accepts. */
export interface DeliveryFeatures {
  /** `delivery-timeout` (enabled by default). */
  timeout: boolean;
  /** `delivery-retryafter` (disabled by default). */
  retryAfter: boolean;
}

/** Upstream feature defaults. */
export const DEFAULT_DELIVERY_FEATURES: DeliveryFeatures = { timeout: true, retryAfter: false };

/** Backoff policies the runtime knows. */
export type BackoffPolicy = 'linear' | 'exponential';

/** A DeliverySpec resolved for the data plane: numbers in ms and a resolved dead-letter URL. */
export interface DeliveryPolicy {
  /** Retries after the first attempt. */
  retry: number;
  backoffPolicy?: BackoffPolicy;
  backoffDelayMs?: number;
  /** Per-attempt timeout; undefined = none. */
  timeoutMs?: number;
  /** Cap on honoured Retry-After; undefined = Retry-After ignored. */
  retryAfterMaxMs?: number;
  deadLetterUri?: string;
  format?: 'json' | 'binary';
}

/** A policy that sends once and gives up. */
export const NO_RETRY: DeliveryPolicy = { retry: 0 };

/** Validates a DeliverySpec under `path` (e.g. "spec.delivery"); the DLS destination is checked elsewhere. */
export function validateDeliverySpec(
  spec: DeliverySpec | undefined,
  path: string,
  features: DeliveryFeatures = DEFAULT_DELIVERY_FEATURES,
): FieldError[] {
  if (!spec) return [];
  const at = (f: string) => (path ? `${path}.${f}` : f);
  const errs: FieldError[] = [];
  if (spec.retry !== undefined && (!Number.isInteger(spec.retry) || spec.retry < 0)) {
    errs.push(invalidValue(spec.retry, at('retry')));
  }
  if (spec.backoffPolicy !== undefined && spec.backoffPolicy !== 'linear' && spec.backoffPolicy !== 'exponential') {
    errs.push(invalidValue(spec.backoffPolicy, at('backoffPolicy')));
  }
  if (spec.backoffDelay !== undefined) {
    const d = parseIsoDuration(spec.backoffDelay);
    if (d === undefined || d < 0) errs.push(invalidValue(spec.backoffDelay, at('backoffDelay')));
  }
  if (spec.timeout !== undefined) {
    if (!features.timeout) errs.push(disallowedField(at('timeout')));
    else {
      const d = parseIsoDuration(spec.timeout);
      if (d === undefined || d <= 0) errs.push(invalidValue(spec.timeout, at('timeout')));
    }
  }
  if (spec.retryAfterMax !== undefined) {
    if (!features.retryAfter) errs.push(disallowedField(at('retryAfterMax')));
    else {
      const d = parseIsoDuration(spec.retryAfterMax);
      if (d === undefined || d < 0) errs.push(invalidValue(spec.retryAfterMax, at('retryAfterMax')));
    }
  }
  if (spec.format !== undefined && spec.format !== 'json' && spec.format !== 'binary') {
    errs.push(invalidValue(spec.format, at('format')));
  }
  return errs;
}

/**
 * Turns a (validated) DeliverySpec into a policy. `deadLetterUri` is the already resolved DLS;
 * malformed fields are ignored rather than thrown, since the webhook rejected them before.
 */
export function toDeliveryPolicy(spec: DeliverySpec | undefined, deadLetterUri?: string): DeliveryPolicy {
  const policy: DeliveryPolicy = { retry: 0 };
  if (!spec) return deadLetterUri ? { ...policy, deadLetterUri } : policy;
  if (Number.isInteger(spec.retry) && (spec.retry ?? 0) > 0) policy.retry = spec.retry as number;
  if (spec.backoffPolicy === 'linear' || spec.backoffPolicy === 'exponential') policy.backoffPolicy = spec.backoffPolicy;
  const delay = spec.backoffDelay ? parseIsoDuration(spec.backoffDelay) : undefined;
  if (delay !== undefined && delay >= 0) policy.backoffDelayMs = delay;
  const timeout = spec.timeout ? parseIsoDuration(spec.timeout) : undefined;
  if (timeout !== undefined && timeout > 0) policy.timeoutMs = timeout;
  const ram = spec.retryAfterMax ? parseIsoDuration(spec.retryAfterMax) : undefined;
  if (ram !== undefined && ram >= 0) policy.retryAfterMaxMs = ram;
  if (spec.format === 'json' || spec.format === 'binary') policy.format = spec.format;
  if (deadLetterUri) policy.deadLetterUri = deadLetterUri;
  return policy;
}
