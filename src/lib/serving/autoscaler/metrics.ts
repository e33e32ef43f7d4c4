// Per-revision metric collection: stats from the pod scraper and from the activator land in
// one-second buckets; the autoscaler reads stable and panic window averages from them.
import { TimedBuckets, WeightedBuckets, type WindowedSeries } from './buckets.js';
import { BUCKET_MS } from './decider.js';

/** One measurement, from a scraped queue-proxy (or the scraper's aggregate) or from the activator. */
export interface Stat {
  /** When the autoscaler received it (epoch ms). */
  time: number;
  podName: string;
  /** Average in-flight requests over the reporting period. */
  averageConcurrentRequests: number;
  /** The part of averageConcurrentRequests that came through the activator. */
  averageProxiedConcurrentRequests: number;
  /** Requests received during the period (≈ per second). */
  requestCount: number;
  /** The part of requestCount that came through the activator. */
  proxiedRequestCount: number;
  /** Seconds since the reporting process started, when known. */
  processUptime?: number;
}

/** Stable and panic averages of both metrics as of one instant. */
export interface WindowedMetrics {
  stableConcurrency: number;
  panicConcurrency: number;
  stableRps: number;
  panicRps: number;
}

/** What a collection needs to know about its revision. */
export interface CollectionSpec {
  stableWindowMs: number;
  panicWindowMs: number;
  aggregation: 'linear' | 'weighted-exponential';
}

/** Windowed metric history of one revision. */
export class MetricCollection {
  private readonly concurrency: WindowedSeries;
  private readonly concurrencyPanic: WindowedSeries;
  private readonly rps: WindowedSeries;
  private readonly rpsPanic: WindowedSeries;

  constructor(readonly spec: CollectionSpec) {
    const make = (w: number): WindowedSeries =>
      spec.aggregation === 'weighted-exponential' ? new WeightedBuckets(w, BUCKET_MS) : new TimedBuckets(w, BUCKET_MS);
    this.concurrency = make(spec.stableWindowMs);
    this.concurrencyPanic = make(spec.panicWindowMs);
    this.rps = make(spec.stableWindowMs);
    this.rpsPanic = make(spec.panicWindowMs);
  }

  /** True when a revision's spec changed in a way that needs fresh windows. */
  matches(spec: CollectionSpec): boolean {
    return (
      spec.stableWindowMs === this.spec.stableWindowMs &&
      spec.panicWindowMs === this.spec.panicWindowMs &&
      spec.aggregation === this.spec.aggregation
    );
  }

  /** Records a stat; proxied requests are subtracted because the activator reports them itself. */
  record(stat: Stat): void {
    const c = stat.averageConcurrentRequests - stat.averageProxiedConcurrentRequests;
    const r = stat.requestCount - stat.proxiedRequestCount;
    this.concurrency.record(stat.time, c);
    this.concurrencyPanic.record(stat.time, c);
    this.rps.record(stat.time, r);
    this.rpsPanic.record(stat.time, r);
  }

  /** Window averages at `now`, or undefined when the stable window holds no data ("no data, no change"). */
  windowed(now: number): WindowedMetrics | undefined {
    if (this.concurrency.isEmpty(now)) return undefined;
    return {
      stableConcurrency: this.concurrency.windowAverage(now),
      panicConcurrency: this.concurrencyPanic.windowAverage(now),
      stableRps: this.rps.windowAverage(now),
      panicRps: this.rpsPanic.windowAverage(now),
    };
  }
}

// Sample size for estimating a population mean: 95% confidence, margin of error 5, variance 100.
const CRITICAL_VALUE_SQUARED = 1.96 * 1.96;
const MARGIN_OF_ERROR_SQUARED = 5 * 5;
const VARIANCE = 100;

/** How many of `population` ready pods to scrape (all of them up to 3, then n = N·X/(N+X−1)). */
export function populationMeanSampleSize(population: number): number {
  if (population < 0) return 0;
  if (population <= 3) return population;
  const x = (CRITICAL_VALUE_SQUARED * VARIANCE) / MARGIN_OF_ERROR_SQUARED;
  return Math.ceil((population * x) / (population + x - 1));
}

/** Pod name the scraper's aggregate stat carries (the real pods hide behind it). */
export const SCRAPER_POD_NAME = 'service-scraper';

/**
 * Combines per-pod stats of a sample into one revision stat: average of the sample times the number of
 * ready pods (a scraped pod stands for the unscraped ones).
 */
export function aggregatePodStats(sample: readonly Stat[], readyPods: number, time: number): Stat {
  const n = sample.length;
  const avg = (f: (s: Stat) => number): number => (n === 0 ? 0 : sample.reduce((a, s) => a + f(s), 0) / n) * readyPods;
  return {
    time,
    podName: SCRAPER_POD_NAME,
    averageConcurrentRequests: avg((s) => s.averageConcurrentRequests),
    averageProxiedConcurrentRequests: avg((s) => s.averageProxiedConcurrentRequests),
    requestCount: avg((s) => s.requestCount),
    proxiedRequestCount: avg((s) => s.proxiedRequestCount),
  };
}
