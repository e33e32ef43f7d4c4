// Time-bucketed series for windowed averages (upstream aggregation.TimedFloat64Buckets): a ring of
// per-granularity sums over one window. Two readers: the plain window average and the weighted
// exponential one that favours recent buckets. Times are epoch milliseconds.

/** The averaging a window offers. */
export interface WindowedSeries {
  /** Adds a value to the bucket of time `t` (values in one bucket are summed). */
  record(t: number, value: number): void;
  /** Average over the window as of `now`; 0 when nothing was recorded within it. */
  windowAverage(now: number): number;
  /** True when nothing was recorded within the window before `now`. */
  isEmpty(now: number): boolean;
}

// Upstream truncates averages to 6 decimals so float noise does not flip a ceil().
const round6 = (f: number): number => Math.floor(f * 1e6) / 1e6;

/** Plain window average: each bucket counts equally, over the part of the window that holds data. */
export class TimedBuckets implements WindowedSeries {
  protected readonly buckets: number[];
  protected firstWrite: number | undefined;
  protected lastWrite = -Infinity;
  protected windowTotal = 0;

  constructor(
    protected readonly windowMs: number,
    protected readonly granularityMs = 1000,
  ) {
    this.buckets = new Array<number>(Math.ceil(windowMs / granularityMs)).fill(0);
  }

  protected truncate(t: number): number {
    return Math.floor(t / this.granularityMs) * this.granularityMs;
  }

  protected index(t: number): number {
    return Math.floor(t / this.granularityMs);
  }

  record(t: number, value: number): void {
    const bucketTime = this.truncate(t);
    const writeIdx = this.index(t);
    const n = this.buckets.length;
    if (this.lastWrite !== bucketTime) {
      // A value older than a whole window behind the newest write is dropped.
      if (!(bucketTime + this.windowMs > this.lastWrite)) return;
      if (this.firstWrite === undefined || this.firstWrite > bucketTime) this.firstWrite = bucketTime;
      if (bucketTime > this.lastWrite) {
        if (bucketTime - this.lastWrite >= this.windowMs) {
          // A silent window: start over, and average only over what arrives from now on.
          this.firstWrite = bucketTime;
          this.buckets.fill(0);
          this.windowTotal = 0;
        } else {
          // Buckets skipped since the last write hold values a window old: clear them.
          for (let i = this.index(this.lastWrite) + 1; i <= writeIdx; i++) {
            this.windowTotal -= this.buckets[i % n];
            this.buckets[i % n] = 0;
          }
        }
        this.lastWrite = bucketTime;
      }
    }
    this.buckets[writeIdx % n] += value;
    this.windowTotal += value;
  }

  isEmpty(now: number): boolean {
    return this.truncate(now) - this.lastWrite > this.windowMs;
  }

  windowAverage(now: number): number {
    const t = this.truncate(now);
    const n = this.buckets.length;
    const d = t - this.lastWrite;
    const written = (this.lastWrite - (this.firstWrite ?? this.lastWrite)) / this.granularityMs + 1;
    if (d <= 0) return round6(this.windowTotal / Math.min(written, n));
    if (d < this.windowMs) {
      // Buckets after the last write up to now are stale (a window old): leave them out.
      const from = this.index(this.lastWrite);
      const to = this.index(t);
      let total = this.windowTotal;
      for (let i = from + 1; i <= to; i++) total -= this.buckets[i % n];
      return round6(total / Math.min(written, n - (to - from)));
    }
    return 0;
  }
}

// Weights decay so that the whole window carries at least this share of the total weight...
const WEIGHT_PRECISION = 0.9999;
// ...but never slower than this, or long windows degrade into a plain average.
const MIN_EXPONENT = 0.2;

/** Weighted exponential average: the newest bucket weighs `c`, the one before `c(1-c)`, and so on. */
export class WeightedBuckets extends TimedBuckets {
  readonly smoothingCoeff: number;

  constructor(windowMs: number, granularityMs = 1000) {
    super(windowMs, granularityMs);
    const nb = Math.ceil(windowMs / granularityMs);
    this.smoothingCoeff = Math.max(1 - Math.pow(1 - WEIGHT_PRECISION, 1 / nb), MIN_EXPONENT);
  }

  override windowAverage(now: number): number {
    const t = this.truncate(now);
    if (this.isEmpty(t)) return 0;
    const n = this.buckets.length;
    let buckets = n;
    let multiplier = this.smoothingCoeff;
    if (t > this.lastWrite) {
      // Buckets since the last write are zeros: skip straight to the weight of the last write.
      const zeros = (t - this.lastWrite) / this.granularityMs;
      multiplier *= Math.pow(1 - this.smoothingCoeff, zeros);
      buckets -= zeros;
    }
    const start = this.index(this.lastWrite) + n;
    let ret = 0;
    for (let i = 0; i < buckets; i++) {
      ret += this.buckets[(start - i) % n] * multiplier;
      multiplier *= 1 - this.smoothingCoeff;
    }
    return ret;
  }
}
