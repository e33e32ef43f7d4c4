import { FakeClock } from '../../../src/lib/controller/clock.js';
import { Controller } from '../../../src/lib/controller/controller.js';
import { ApiError, PermanentError } from '../../../src/lib/controller/errors.js';

const flush = () => new Promise<void>((r) => setImmediate(r));

describe('Controller', () => {
  it('reconciles each key and forgets its backoff on success', async () => {
    const seen: string[] = [];
    const c = new Controller({ name: 't', reconcile: async (k) => void seen.push(k), workers: 2 });
    c.start();
    c.enqueue('a');
    c.enqueue('b');
    await c.whenIdle();
    expect(seen.sort()).toEqual(['a', 'b']);
    await c.stop();
  });

  it('retries errors with backoff, requeues conflicts, drops permanent errors', async () => {
    const clock = new FakeClock();
    const attempts: Record<string, number> = {};
    const errors: string[] = [];
    const c = new Controller({
      name: 't',
      clock,
      baseDelayMs: 10,
      logger: { info: () => undefined, error: (m) => errors.push(m) },
      reconcile: async (k) => {
        attempts[k] = (attempts[k] ?? 0) + 1;
        if (k === 'flaky' && attempts[k]! < 3) throw new Error('try again');
        if (k === 'conflict' && attempts[k] === 1) throw new ApiError(409, 'Conflict', 'modified');
        if (k === 'bad') throw new PermanentError('invalid spec');
      },
    });
    c.start();
    for (const k of ['flaky', 'conflict', 'bad']) c.enqueue(k);
    await c.whenIdle();
    clock.advance(10);
    await c.whenIdle();
    await flush();
    clock.advance(20);
    await c.whenIdle();
    expect(attempts).toEqual({ flaky: 3, conflict: 2, bad: 1 });
    expect(c.queue.numRequeues("conflict")).toBe(0);
    expect(errors.filter((e) => e.includes('conflict'))).toEqual([]);
    expect(errors.some((e) => e.includes('dropping bad'))).toBe(true);
    expect(c.queue.numRequeues('flaky')).toBe(0);
    await c.stop();
  });

  it('honours requeueAfterMs and never runs one key on two workers', async () => {
    const clock = new FakeClock();
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const c = new Controller({
      name: 't',
      clock,
      workers: 4,
      reconcile: async () => {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (calls === 1) await gate;
        running--;
        return calls === 1 ? { requeueAfterMs: 500 } : undefined;
      },
    });
    c.start();
    c.enqueue('k');
    await flush();
    c.enqueue('k');
    c.enqueue('k');
    await flush();
    release();
    await c.whenIdle();
    expect(maxRunning).toBe(1);
    expect(calls).toBe(2);
    clock.advance(500);
    await c.whenIdle();
    expect(calls).toBe(3);
    await c.stop();
  });

  it('stop waits for the in-flight reconcile', async () => {
    let finished = false;
    let release!: () => void;
    const c = new Controller({
      name: 't',
      reconcile: async () => {
        await new Promise<void>((r) => (release = r));
        finished = true;
      },
    });
    c.start();
    c.enqueue('k');
    await flush();
    const stopped = c.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
  });
});
