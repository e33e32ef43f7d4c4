import { Breaker, breakerParamsFor } from '../../../../src/lib/serving/queue/breaker.js';

describe('Breaker', () => {
  it('derives CC in flight and a 10×CC queue; none for CC 0', () => {
    expect(breakerParamsFor(0)).toBeUndefined();
    expect(breakerParamsFor(2)).toEqual({ maxConcurrency: 2, queueDepth: 20 });
  });

  it('admits up to the limit, queues FIFO, and fails fast when the queue is full', async () => {
    const b = new Breaker({ maxConcurrency: 1, queueDepth: 2 });
    const r1 = await b.enter()!;
    const order: string[] = [];
    const q1 = b.enter()!.then((r) => (order.push('q1'), r));
    const q2 = b.enter()!.then((r) => (order.push('q2'), r));
    expect(b.enter()).toBeUndefined();
    expect([b.inFlight(), b.waiting()]).toEqual([1, 2]);
    r1();
    r1(); // a second call must not free another slot
    const r2 = await q1;
    expect([b.inFlight(), b.waiting()]).toEqual([1, 1]);
    r2();
    (await q2)();
    expect(order).toEqual(['q1', 'q2']);
    expect([b.inFlight(), b.waiting()]).toEqual([0, 0]);
  });

  it('drops a queued waiter whose request was aborted', async () => {
    const b = new Breaker({ maxConcurrency: 1, queueDepth: 1 });
    const r1 = await b.enter()!;
    const ac = new AbortController();
    const queued = b.enter(ac.signal)!;
    ac.abort();
    await expect(queued).rejects.toThrow('aborted');
    expect(b.waiting()).toBe(0);
    r1();
    expect(b.inFlight()).toBe(0);
  });
});
