// Wait before each retry, as the dispatcher runtime computes it (not as the API docs describe it;
// docs/eventing-delivery.md explains the difference).

import type { DeliveryPolicy } from './spec.js';

/**
 * Milliseconds to wait before retry number `retry` (1-based). The runtime hands go-retryablehttp
 * a backoff that receives the 0-based attempt index, so: exponential d·2^(retry-1) (d, 2d, 4d…),
 * linear d·(retry-1) (0, d, 2d…). Without both policy and delay, retries are immediate.
 */
export function backoffMs(policy: Pick<DeliveryPolicy, 'backoffPolicy' | 'backoffDelayMs'>, retry: number): number {
  const d = policy.backoffDelayMs;
  if (!policy.backoffPolicy || d === undefined || retry < 1) return 0;
  const n = retry - 1;
  return policy.backoffPolicy === 'exponential' ? d * 2 ** n : d * n;
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into ms from `now`; undefined if absent/invalid. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/**
 * The wait before a retry after a response: the backoff, raised to Retry-After (capped at
 * retryAfterMax) when the feature is on and the status is 429 or 503.
 */
export function retryWaitMs(
  policy: Pick<DeliveryPolicy, 'backoffPolicy' | 'backoffDelayMs' | 'retryAfterMaxMs'>,
  retry: number,
  status: number | undefined,
  retryAfterMs: number | undefined,
): number {
  const base = backoffMs(policy, retry);
  if (policy.retryAfterMaxMs === undefined || retryAfterMs === undefined) return base;
  if (status !== 429 && status !== 503) return base;
  return Math.max(base, Math.min(retryAfterMs, policy.retryAfterMaxMs));
}

/** Whether a failed attempt is retried (upstream SelectiveRetry): network errors, 5xx, 404, 408, 409, 429. */
export function isRetryable(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status >= 500 || status === 404 || status === 408 || status === 409 || status === 429;
}
