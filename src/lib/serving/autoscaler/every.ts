// Fixed-rate repetition on the runtime's injectable Clock.
import type { Clock } from '../../controller/clock.js';

/** Calls `fn` every `ms` at a fixed rate (the next run is armed before this one starts); returns a stop function. */
export function every(clock: Clock, ms: number, fn: () => void): () => void {
  let handle: unknown;
  let stopped = false;
  const arm = (): void => {
    handle = clock.setTimeout(() => {
      if (stopped) return;
      arm();
      fn();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    clock.clearTimeout(handle);
  };
}
