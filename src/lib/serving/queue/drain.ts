// Graceful drain (knative/pkg Drainer): once draining, health checks answer 503 so the pod leaves
// the endpoints, while traffic is still served; the drain completes after a quiet period without
// new requests. Timers are injectable for tests.

/** Timer functions the drainer uses (the globals by default). */
export interface DrainTimers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const GLOBAL_TIMERS: DrainTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Tracks draining state and the quiet period. */
export class Drainer {
  private timer: unknown;
  private waiters: (() => void)[] = [];
  private isDraining = false;

  constructor(
    private readonly quietMs: number,
    private readonly timers: DrainTimers = GLOBAL_TIMERS,
  ) {}

  /** True once drain() was called (and reset() was not). */
  draining(): boolean {
    return this.isDraining;
  }

  /** A request arrived: while draining, the quiet period starts over. */
  touch(): void {
    if (this.isDraining) this.arm();
  }

  /** Starts draining; resolves after a full quiet period without requests. */
  drain(): Promise<void> {
    const p = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.isDraining) {
      this.isDraining = true;
      this.arm();
    }
    return p;
  }

  /** Leaves draining (e.g. the user container restarted without a TERM); waiters are released. */
  reset(): void {
    this.isDraining = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.release();
  }

  private arm(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, this.quietMs);
  }

  private release(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }
}
