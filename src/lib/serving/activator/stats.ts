// The activator's own load per revision (requests waiting or being proxied), reported to the
// autoscaler like a queue-proxy's: time-weighted average concurrency and requests per period.
import type { Clock } from '../../controller/clock.js';
import { every } from '../autoscaler/every.js';
import type { Stat } from '../autoscaler/metrics.js';

/** Pod name on the activator's stats. */
export const ACTIVATOR_POD_NAME = 'activator';

interface Track {
  inFlight: number;
  /** ∫ inFlight dt over the period, in request·ms. */
  area: number;
  lastChange: number;
  periodStart: number;
  requests: number;
}

/** One revision's stat, keyed by namespace and revision name. */
export interface RevisionStat {
  namespace: string;
  revision: string;
  stat: Stat;
}

const split = (key: string): [string, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i), key.slice(i + 1)];
};

/** Counts concurrency per revision (`namespace/revision` keys). */
export class ConcurrencyTracker {
  private readonly tracks = new Map<string, Track>();

  /** A request arrived; returns true when the revision went from idle to busy. */
  start(key: string, now: number): boolean {
    let t = this.tracks.get(key);
    if (!t) {
      t = { inFlight: 0, area: 0, lastChange: now, periodStart: now, requests: 0 };
      this.tracks.set(key, t);
    }
    this.advance(t, now);
    t.inFlight++;
    t.requests++;
    return t.inFlight === 1;
  }

  /** A request finished (answered, failed or abandoned). */
  end(key: string, now: number): void {
    const t = this.tracks.get(key);
    if (!t || t.inFlight === 0) return;
    this.advance(t, now);
    t.inFlight--;
  }

  /** Current in-flight count of a revision. */
  concurrency(key: string): number {
    return this.tracks.get(key)?.inFlight ?? 0;
  }

  /** Stats for the period since the last report, then starts a new period; idle revisions are dropped. */
  report(now: number): RevisionStat[] {
    const out: RevisionStat[] = [];
    for (const [key, t] of this.tracks) {
      this.advance(t, now);
      const span = now - t.periodStart;
      const avg = span > 0 ? t.area / span : t.inFlight;
      if (avg > 0 || t.requests > 0 || t.inFlight > 0) {
        const [namespace, revision] = split(key);
        out.push({ namespace, revision, stat: activatorStat(now, avg, t.requests) });
      }
      if (t.inFlight === 0) this.tracks.delete(key);
      else Object.assign(t, { area: 0, periodStart: now, requests: 0 });
    }
    return out;
  }

  private advance(t: Track, now: number): void {
    t.area += t.inFlight * Math.max(0, now - t.lastChange);
    t.lastChange = now;
  }
}

/** A stat as the activator reports it (none of its requests are "proxied" from its own view). */
export function activatorStat(time: number, concurrency: number, requests: number): Stat {
  return {
    time,
    podName: ACTIVATOR_POD_NAME,
    averageConcurrentRequests: concurrency,
    averageProxiedConcurrentRequests: 0,
    requestCount: requests,
    proxiedRequestCount: 0,
  };
}

/** Where activator stats go (in-process: the autoscaler handle's recordStat). */
export type StatSink = (namespace: string, revision: string, stat: Stat) => void;

/** Reports `tracker` to `sink` every `periodMs` (upstream: every second). Returns a stop function. */
export function startStatReporter(tracker: ConcurrencyTracker, sink: StatSink, clock: Clock, periodMs = 1000): () => void {
  // Mid-bucket, so a late report still lands in its own one-second bucket of the autoscaler.
  return every(
    clock,
    periodMs,
    () => {
      for (const r of tracker.report(clock.now())) sink(r.namespace, r.revision, r.stat);
    },
    periodMs / 2,
  );
}
