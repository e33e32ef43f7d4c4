import { Prober } from '../../../../src/lib/cluster/node/prober.js';
import { FakeClock } from '../../../../src/lib/controller/clock.js';

const flush = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

function setup(kind: 'readiness' | 'liveness' | 'startup', results: boolean[], probe = {}) {
  const clock = new FakeClock();
  const changes: boolean[] = [];
  let calls = 0;
  const prober = new Prober({
    kind,
    clock,
    fastPeriodMs: 10,
    probe: { periodSeconds: 1, failureThreshold: 2, ...probe },
    run: async () => ({ ok: results[Math.min(calls++, results.length - 1)]! }),
    onChange: (ok) => changes.push(ok),
  });
  return { clock, prober, changes, calls: () => calls };
}

async function step(clock: FakeClock, ms: number) {
  clock.advance(ms);
  await flush();
}

describe('Prober', () => {
  it('polls readiness fast until the first success, then at the period', async () => {
    const { clock, prober, changes, calls } = setup('readiness', [false, false, true, true]);
    prober.start();
    await step(clock, 0);
    await step(clock, 10);
    expect(changes).toEqual([]);
    await step(clock, 10);
    expect(changes).toEqual([true]);
    await step(clock, 10);
    expect(calls()).toBe(3);
    await step(clock, 990);
    expect(calls()).toBe(4);
    prober.stop();
  });

  it('turns readiness false after failureThreshold failures', async () => {
    const { clock, prober, changes } = setup('readiness', [true, false, false]);
    prober.start();
    await step(clock, 0);
    await step(clock, 1000);
    expect(changes).toEqual([true]);
    await step(clock, 1000);
    expect(changes).toEqual([true, false]);
    prober.stop();
  });

  it('reports liveness failure only after the threshold and honours initialDelaySeconds', async () => {
    const { clock, prober, changes, calls } = setup('liveness', [false], { initialDelaySeconds: 5 });
    prober.start();
    // First attempt after initialDelaySeconds plus one period.
    await step(clock, 5999);
    expect(calls()).toBe(0);
    await step(clock, 1);
    expect(calls()).toBe(1);
    expect(changes).toEqual([]);
    await step(clock, 1000);
    expect(changes).toEqual([false]);
    prober.stop();
  });

  it('fails a startup probe once its budget is spent', async () => {
    const { clock, prober, changes } = setup('startup', [false]);
    prober.start();
    for (let t = 0; t < 2000; t += 10) await step(clock, 10);
    expect(changes).toEqual([false]);
  });
});
