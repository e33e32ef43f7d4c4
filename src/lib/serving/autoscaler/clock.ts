// The time source timing-sensitive code takes as a parameter, so tests can walk time by hand.

/** Cancels a scheduled callback; safe to call twice. */
export type CancelTimer = () => void;

/** Now and one-shot timers. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Runs `fn` once after `ms`; returns its cancel function. */
  setTimer(fn: () => void, ms: number): CancelTimer;
}

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** Calls `fn` every `ms` at a fixed rate (the next run is scheduled before this one starts). */
export function every(clock: Clock, ms: number, fn: () => void): CancelTimer {
  let cancel: CancelTimer = () => {};
  let stopped = false;
  const arm = (): void => {
    cancel = clock.setTimer(() => {
      if (stopped) return;
      arm();
      fn();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    cancel();
  };
}
