// Fixed-rate repetition on the runtime's injectable Clock.
import type { Clock } from '../../controller/clock.js';

/**
 * Calls `fn` every `ms` at a fixed rate, like a Go time.Ticker: run k is due at start + k·ms, so a
 * late timer (a busy event loop) does not push every later run back. Once a whole period behind, the
 * missed runs are dropped rather than fired back to back. Returns a stop function.
 *
 * Why it matters: the scraper and the activator's stat reporter feed one-second buckets; a schedule
 * that drifts by the timer lateness each round sooner or later skips a bucket, which reads as a
 * second without load and dips the window average. They also pass `phaseMs` = half a bucket, so a
 * late run still lands in its own bucket: a run pushed across a bucket boundary would leave one
 * bucket empty and sum two reports in the next (twice the load in a one-bucket panic window).
 */
export function every(clock: Clock, ms: number, fn: () => void, phaseMs?: number): () => void {
  let handle: unknown;
  let stopped = false;
  // With a phase, runs land at times ≡ phaseMs (mod ms) on the clock, e.g. mid-bucket.
  const t0 = clock.now();
  const start = phaseMs === undefined ? t0 : t0 - ((((t0 - phaseMs) % ms) + ms) % ms);
  let run = 0;
  const arm = (): void => {
    const now = clock.now();
    run++;
    if (start + run * ms <= now - ms) run = Math.floor((now - start) / ms) + 1;
    handle = clock.setTimeout(() => {
      if (stopped) return;
      arm();
      fn();
    }, Math.max(0, start + run * ms - now));
  };
  arm();
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
