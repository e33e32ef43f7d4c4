import { Drainer } from '../../../../src/lib/serving/queue/drain.js';

/** Manual timers: run() fires whatever is pending. */
function manualTimers() {
  let next = 0;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  return {
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        pending.set(++next, { fn, ms });
        return next;
      },
      clearTimeout: (h: unknown) => void pending.delete(h as number),
    },
    run: () => {
      const all = [...pending.values()];
      pending.clear();
      for (const t of all) t.fn();
    },
    count: () => pending.size,
  };
}

describe('Drainer', () => {
  it('completes after a quiet period, restarted by each request while draining', async () => {
    const t = manualTimers();
    const d = new Drainer(15_000, t.timers);
    d.touch();
    expect(t.count()).toBe(0); // not draining: requests do not arm anything
    let done = false;
    const p = d.drain().then(() => (done = true));
    expect(d.draining()).toBe(true);
    d.touch(); // re-arms: still exactly one timer
    expect(t.count()).toBe(1);
    await Promise.resolve();
    expect(done).toBe(false);
    t.run();
    await p;
    expect(done).toBe(true);
  });

  it('reset leaves draining and releases waiters', async () => {
    const t = manualTimers();
    const d = new Drainer(10, t.timers);
    const p = d.drain();
    d.reset();
    await p;
    expect(d.draining()).toBe(false);
    expect(t.count()).toBe(0);
  });
});
