// A hand-driven runtime Clock for tests whose timers start async work: unlike the runtime's own
// FakeClock, advance() lets promise chains settle after each timer, so async steps see the time
// they were started at.
import type { Clock, TimerHandle } from '../../../../src/lib/controller/clock.js';

/** Lets pending promise chains run (I/O-free fakes resolve within a few turns). */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/** A Clock whose timers fire only inside advance(). */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(private t = 1_700_000_000_000) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((x) => x !== handle);
  }

  /** Number of timers waiting. */
  pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}
