import { QueueFullError, RevisionThrottler } from '../../../../src/lib/serving/activator/throttler.js';
import { ConcurrencyTracker, startStatReporter } from '../../../../src/lib/serving/activator/stats.js';
import type { Stat } from '../../../../src/lib/serving/autoscaler/metrics.js';
import { FakeClock } from '../autoscaler/fake-clock.js';

const P = ['127.0.0.2:8012', '127.0.0.3:8012', '127.0.0.4:8012'];

describe('RevisionThrottler', () => {
  it('holds requests until a pod appears, then hands them out in order', async () => {
    const t = new RevisionThrottler(0);
    const a = t.acquire();
    const b = t.acquire();
    expect(t.waiting()).toBe(2);
    t.updateEndpoints([P[0]]);
    expect((await a.promise).address).toBe(P[0]);
    expect((await b.promise).address).toBe(P[0]);
    expect(t.inFlight()).toBe(2);
  });

  it('fills the first pod with room when containerConcurrency is 1..3', async () => {
    const t = new RevisionThrottler(2);
    t.updateEndpoints(P);
    const got = [];
    for (let i = 0; i < 6; i++) got.push((await t.acquire().promise).address);
    expect(got).toEqual([P[0], P[0], P[1], P[1], P[2], P[2]]);
    expect(() => t.acquire()).not.toThrow(); // the 7th waits
    expect(t.waiting()).toBe(1);
  });

  it('round-robins when containerConcurrency is above 3', async () => {
    const t = new RevisionThrottler(4);
    t.updateEndpoints(P);
    const got = [];
    for (let i = 0; i < 4; i++) got.push((await t.acquire().promise).address);
    expect(got).toEqual([P[0], P[1], P[2], P[0]]);
  });

  it('picks the less loaded of two random pods when unlimited', async () => {
    const rolls = [0, 0.99, 0.5, 0.0];
    const t = new RevisionThrottler(0, 10, () => rolls.shift() ?? 0);
    t.updateEndpoints(P.slice(0, 2));
    // First: a=0, b=floor(0.99×1)=0 ⇒ bumped to 1; both idle ⇒ a (P0).
    expect((await t.acquire().promise).address).toBe(P[0]);
    // Second: a=floor(0.5×2)=1, b=0; P1 idle, P0 busy ⇒ P1.
    expect((await t.acquire().promise).address).toBe(P[1]);
  });

  it('lets a released slot go to the next waiter, once', async () => {
    const t = new RevisionThrottler(1);
    t.updateEndpoints([P[0]]);
    const first = await t.acquire().promise;
    const second = t.acquire();
    first.release();
    first.release();
    expect((await second.promise).address).toBe(P[0]);
    expect(t.inFlight()).toBe(1);
  });

  it('refuses beyond the queue depth and lets waiters give up', async () => {
    const t = new RevisionThrottler(1, 2);
    const a = t.acquire();
    t.acquire();
    expect(() => t.acquire()).toThrow(QueueFullError);
    expect(() => t.acquire()).toThrow('pending request queue full');
    a.cancel(new Error('deadline'));
    await expect(a.promise).rejects.toThrow('deadline');
    expect(t.waiting()).toBe(1);
  });
});

describe('ConcurrencyTracker', () => {
  it('reports time-weighted concurrency and request counts per period', () => {
    const c = new ConcurrencyTracker();
    expect(c.start('ns/r', 0)).toBe(true);
    expect(c.start('ns/r', 500)).toBe(false);
    c.end('ns/r', 500);
    // 0–500ms: 1 in flight, 500–1000ms: 1 (one came, one left) ⇒ average 1 over 1s; 2 requests.
    const [r] = c.report(1000);
    expect(r.namespace).toBe('ns');
    expect(r.revision).toBe('r');
    expect(r.stat.averageConcurrentRequests).toBe(1);
    expect(r.stat.requestCount).toBe(2);
    c.end('ns/r', 1500);
    // 1000–1500: 1, 1500–2000: 0 ⇒ 0.5; then the idle revision is forgotten.
    expect(c.report(2000)[0].stat.averageConcurrentRequests).toBe(0.5);
    expect(c.report(3000)).toEqual([]);
  });
});

describe('startStatReporter', () => {
  it('sends each busy revision\'s stat every period and stops cleanly', async () => {
    const clock = new FakeClock();
    const tracker = new ConcurrencyTracker();
    const sent: Array<[string, string, Stat]> = [];
    const stop = startStatReporter(tracker, (ns, rev, stat) => sent.push([ns, rev, stat]), clock, 1000);
    tracker.start('default/hello-00001', clock.now());
    await clock.advance(1000);
    await clock.advance(1000);
    expect(sent.map(([ns, rev, s]) => [ns, rev, s.averageConcurrentRequests, s.requestCount, s.podName])).toEqual([
      ['default', 'hello-00001', 1, 1, 'activator'],
      ['default', 'hello-00001', 1, 0, 'activator'],
    ]);
    stop();
    expect(clock.pending()).toBe(0);
  });
});
