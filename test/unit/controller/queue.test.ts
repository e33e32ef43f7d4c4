import { FakeClock } from '../../../src/lib/controller/clock.js';
import { WorkQueue } from '../../../src/lib/controller/queue.js';

describe('WorkQueue', () => {
  it('does not queue a waiting key twice', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('a');
    q.add('b');
    expect(q.len()).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('holds a key added while processing until done()', async () => {
    const q = new WorkQueue();
    q.add('a');
    const k = await q.get();
    q.add('a');
    expect(q.len()).toBe(0);
    q.done(k!);
    expect(q.len()).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('hands a key to a waiting getter', async () => {
    const q = new WorkQueue();
    const p = q.get();
    q.add('x');
    expect(await p).toBe('x');
    expect(q.isProcessing('x')).toBe(true);
  });

  it('backs off exponentially per key and forgets on success', () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, baseDelayMs: 10, maxDelayMs: 35 });
    q.addRateLimited('k');
    clock.advance(9);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    void q.get();
    q.done('k');
    q.addRateLimited('k'); // 20ms
    clock.advance(19);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.numRequeues('k')).toBe(2);
    q.addRateLimited('other');
    q.addRateLimited('k'); // capped at 35 (would be 40)
    expect(q.numRequeues('k')).toBe(3);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('keeps the earliest of two delayed adds', () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    q.addAfter('k', 100);
    q.addAfter('k', 50);
    q.addAfter('k', 80);
    clock.advance(50);
    expect(q.len()).toBe(1);
    expect(clock.pending).toBe(0);
  });

  it('wakes getters with undefined on shutdown and ignores later adds', async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    const p = q.get();
    q.addAfter('late', 10);
    q.shutDown();
    expect(await p).toBeUndefined();
    q.add('x');
    expect(await q.get()).toBeUndefined();
    expect(clock.pending).toBe(0);
  });
});
