import { MetricCollection, aggregatePodStats, type Stat } from '../../../../src/lib/serving/autoscaler/metrics.js';

const T0 = 1_700_000_000_000;
const spec = { stableWindowMs: 60_000, panicWindowMs: 6_000, aggregation: 'linear' as const };

function stat(time: number, c: number, proxiedC = 0, rps = 0, proxiedRps = 0): Stat {
  return { time, podName: 'p', averageConcurrentRequests: c, averageProxiedConcurrentRequests: proxiedC, requestCount: rps, proxiedRequestCount: proxiedRps };
}

describe('MetricCollection', () => {
  it('has no data until something is recorded, and again a window after the last record', () => {
    const m = new MetricCollection(spec);
    expect(m.windowed(T0)).toBeUndefined();
    m.record(stat(T0, 4));
    expect(m.windowed(T0 + 60_000)).toBeDefined();
    expect(m.windowed(T0 + 61_000)).toBeUndefined();
  });

  it('subtracts what the activator already reported (proxied requests)', () => {
    const m = new MetricCollection(spec);
    m.record(stat(T0, 10, 4, 20, 5));
    m.record(stat(T0, 3)); // the activator's own stat lands in the same second and adds up
    expect(m.windowed(T0)).toEqual({ stableConcurrency: 9, panicConcurrency: 9, stableRps: 15, panicRps: 15 });
  });

  it('averages the panic window over its own, shorter span', () => {
    const m = new MetricCollection(spec);
    for (let s = 0; s < 60; s++) m.record(stat(T0 + s * 1000, s < 54 ? 0 : 12));
    // Stable: 6 seconds of 12 over 60 = 1.2; panic: the last 6 seconds, all 12.
    const w = m.windowed(T0 + 59_000);
    expect(w?.stableConcurrency).toBeCloseTo(1.2);
    expect(w?.panicConcurrency).toBe(12);
  });

  it('knows when its windows no longer fit the spec', () => {
    const m = new MetricCollection(spec);
    expect(m.matches(spec)).toBe(true);
    expect(m.matches({ ...spec, stableWindowMs: 120_000 })).toBe(false);
    expect(m.matches({ ...spec, aggregation: 'weighted-exponential' })).toBe(false);
  });
});

describe('aggregatePodStats', () => {
  it('scales the sample mean to all ready pods', () => {
    const s = aggregatePodStats([stat(0, 2, 1, 10), stat(0, 4, 1, 20)], 5, 99);
    expect(s).toMatchObject({ time: 99, podName: 'service-scraper', averageConcurrentRequests: 15, averageProxiedConcurrentRequests: 5, requestCount: 75 });
  });
});
