import { backoffMs, isRetryable, parseRetryAfter, retryWaitMs } from '../../../../src/lib/eventing/delivery/backoff.js';
import { parseIsoDuration } from '../../../../src/lib/eventing/delivery/iso8601.js';
import { toDeliveryPolicy, validateDeliverySpec } from '../../../../src/lib/eventing/delivery/spec.js';

describe('backoffMs (runtime formula, 1-based retry number)', () => {
  it.each([
    ['exponential', 200, [200, 400, 800, 1600]],
    ['linear', 200, [0, 200, 400, 600]],
  ] as const)('%s with %dms', (policy, d, want) => {
    expect([1, 2, 3, 4].map((k) => backoffMs({ backoffPolicy: policy, backoffDelayMs: d }, k))).toEqual(want);
  });

  it('broker defaults (10 retries, exponential, PT0.2S) end at 102.4s', () => {
    const p = toDeliveryPolicy({ retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' });
    expect(backoffMs(p, 10)).toBe(102_400);
  });

  it('is 0 without a policy or a delay', () => {
    expect(backoffMs({ backoffDelayMs: 100 }, 3)).toBe(0);
    expect(backoffMs({ backoffPolicy: 'linear' }, 3)).toBe(0);
  });
});

describe('retryWaitMs with Retry-After', () => {
  const p = { backoffPolicy: 'exponential' as const, backoffDelayMs: 100, retryAfterMaxMs: 5000 };
  it.each([
    ['429 honours Retry-After', 429, 2000, 2000],
    ['503 caps at retryAfterMax', 503, 60_000, 5000],
    ['backoff wins when larger', 429, 10, 100],
    ['500 ignores Retry-After', 500, 2000, 100],
  ])('%s', (_n, status, ra, want) => {
    expect(retryWaitMs(p, 1, status, ra)).toBe(want);
  });
  it('ignores Retry-After when retryAfterMax is unset (feature off)', () => {
    expect(retryWaitMs({ backoffPolicy: 'linear', backoffDelayMs: 100 }, 1, 429, 3000)).toBe(0);
  });
  it('parses seconds and HTTP dates', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('isRetryable', () => {
  it.each([
    [undefined, true],
    [500, true],
    [502, true],
    [503, true],
    [404, true],
    [408, true],
    [409, true],
    [429, true],
    [400, false],
    [401, false],
    [403, false],
    [413, false],
    [302, false],
  ])('%s -> %s', (status, want) => {
    expect(isRetryable(status)).toBe(want);
  });
});

describe('parseIsoDuration', () => {
  it.each([
    ['PT0.2S', 200],
    ['PT1S', 1000],
    ['PT1M30S', 90_000],
    ['P1D', 86_400_000],
    ['P1DT1H', 90_000_000],
    ['PT0,5S', 500],
  ])('%s = %dms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });
  it.each(['', 'P', 'PT', '1S', 'PXS', 'T1S'])('rejects %j', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });
});

describe('validateDeliverySpec', () => {
  const msgs = (spec: Parameters<typeof validateDeliverySpec>[0], features?: Parameters<typeof validateDeliverySpec>[2]) =>
    validateDeliverySpec(spec, 'spec.delivery', features).map((e) => e.message);
  it('accepts a full valid spec', () => {
    expect(msgs({ retry: 3, backoffPolicy: 'linear', backoffDelay: 'PT1S', timeout: 'PT5S', format: 'json' })).toEqual([]);
  });
  it.each([
    [{ retry: -1 }, 'invalid value: -1: spec.delivery.retry'],
    [{ backoffPolicy: 'foo' }, 'invalid value: foo: spec.delivery.backoffPolicy'],
    [{ backoffDelay: 'PXS' }, 'invalid value: PXS: spec.delivery.backoffDelay'],
    [{ timeout: 'PT0S' }, 'invalid value: PT0S: spec.delivery.timeout'],
    [{ format: 'xml' }, 'invalid value: xml: spec.delivery.format'],
    [{ retryAfterMax: 'PT1S' }, 'must not set the field(s): spec.delivery.retryAfterMax'],
  ])('%j', (spec, want) => {
    expect(msgs(spec)).toEqual([want]);
  });
  it('rejects timeout when delivery-timeout is disabled', () => {
    expect(msgs({ timeout: 'PT1S' }, { timeout: false, retryAfter: false })).toEqual(['must not set the field(s): spec.delivery.timeout']);
  });
});
