import { TimedBuckets, WeightedBuckets } from '../../../../src/lib/serving/autoscaler/buckets.js';

const T0 = 1_700_000_000_000; // a whole second
const S = 1000;

describe('TimedBuckets', () => {
  it('averages over the part of the window that holds data', () => {
    const b = new TimedBuckets(10 * S);
    b.record(T0, 10);
    b.record(T0 + S, 20);
    // Two buckets written: (10 + 20) / 2.
    expect(b.windowAverage(T0 + S)).toBe(15);
  });

  it('sums values that land in the same bucket', () => {
    const b = new TimedBuckets(10 * S);
    b.record(T0 + 100, 4);
    b.record(T0 + 900, 6);
    expect(b.windowAverage(T0 + 999)).toBe(10);
  });

  it('counts gaps inside the window as zero', () => {
    const b = new TimedBuckets(10 * S);
    b.record(T0, 10);
    b.record(T0 + 4 * S, 10);
    // Buckets T0..T0+4s = 5 buckets, three of them empty: 20 / 5.
    expect(b.windowAverage(T0 + 4 * S)).toBe(4);
  });

  it('leaves out the stale tail when read after the last write', () => {
    const b = new TimedBuckets(4 * S);
    for (let i = 0; i < 4; i++) b.record(T0 + i * S, 8);
    // Read at T0+5s: buckets T0+4s and T0+5s are unwritten; the remaining two of the window hold 8 each.
    expect(b.windowAverage(T0 + 5 * S)).toBe(8);
    expect(b.isEmpty(T0 + 7 * S)).toBe(false);
    expect(b.isEmpty(T0 + 8 * S)).toBe(true);
    expect(b.windowAverage(T0 + 8 * S)).toBe(0);
  });

  it('overwrites buckets a window old and starts over after a silent window', () => {
    const b = new TimedBuckets(3 * S);
    b.record(T0, 30);
    b.record(T0 + 2 * S, 3);
    expect(b.windowAverage(T0 + 2 * S)).toBe(11); // (30 + 0 + 3) / 3
    b.record(T0 + 3 * S, 6); // same slot as T0, whose 30 is dropped first
    expect(b.windowAverage(T0 + 3 * S)).toBe(3); // (0 + 3 + 6) / 3
    b.record(T0 + 10 * S, 5); // after silence: only this bucket counts
    expect(b.windowAverage(T0 + 10 * S)).toBe(5);
  });

  it('ignores values older than the window', () => {
    const b = new TimedBuckets(3 * S);
    b.record(T0 + 10 * S, 6);
    b.record(T0, 100);
    expect(b.windowAverage(T0 + 10 * S)).toBe(6);
  });
});

describe('WeightedBuckets', () => {
  it('weighs recent buckets more (upstream example shape)', () => {
    const b = new WeightedBuckets(4 * S);
    // 4 buckets ⇒ coefficient max(1 − 0.0001^(1/4), 0.2) = 0.9.
    expect(b.smoothingCoeff).toBeCloseTo(0.9);
    [10, 10, 5, 5].forEach((v, i) => b.record(T0 + i * S, v));
    // 5×0.9 + 5×0.09 + 10×0.009 + 10×0.0009 = 5.049
    expect(b.windowAverage(T0 + 3 * S)).toBeCloseTo(5.049, 6);
  });

  it('uses at least 0.2 for long windows and decays through gaps', () => {
    const b = new WeightedBuckets(60 * S);
    expect(b.smoothingCoeff).toBe(0.2);
    b.record(T0, 10);
    // One empty bucket after the write: 10 × 0.2 × 0.8.
    expect(b.windowAverage(T0 + S)).toBeCloseTo(1.6, 9);
  });
});
