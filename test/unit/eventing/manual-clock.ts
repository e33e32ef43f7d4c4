// A clock moved by hand: sleeps resolve only when advance() passes their deadline.
import type { Clock } from '../../../src/lib/eventing/clock.js';

interface Timer {
  at: number;
  resolve: () => void;
}

/** Manual clock for schedule tests. */
export class ManualClock implements Clock {
  private timers: Timer[] = [];
  private waiters: (() => void)[] = [];
  constructor(private t: number) {}

  now(): Date {
    return new Date(this.t);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const timer: Timer = { at: this.t + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener('abort', () => {
        this.timers = this.timers.filter((x) => x !== timer);
        reject(signal.reason);
      }, { once: true });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Number of pending sleeps. */
  get pending(): number {
    return this.timers.length;
  }

  /** Resolves once at least `n` sleeps are pending. */
  async untilPending(n: number): Promise<void> {
    while (this.timers.length < n) await new Promise<void>((r) => this.waiters.push(r));
  }

  /** Moves time forward by `ms`, waking every sleep that is due. */
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const d of due) d.resolve();
  }
}
