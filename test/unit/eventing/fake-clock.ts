// A clock whose sleeps return at once and are recorded, so retry schedules are checked without waiting.
import type { Clock } from '../../../src/lib/eventing/clock.js';

/** Fake clock: `sleeps` lists every requested delay; time advances by them. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private t = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.sleeps.push(ms);
    this.t += ms;
    return Promise.resolve();
  }
}
