// The autoscaler loop against a scripted world: a Deployment whose pods are ready the moment they
// are asked for, each reporting an equal share of the load. Time moves only through FakeClock.
import { defaultAutoscalerConfig } from '../../../../src/lib/serving/autoscaler/config.js';
import { type AutoscalerDeps, type PodAutoscalerStatusUpdate, startAutoscaler } from '../../../../src/lib/serving/autoscaler/loop.js';
import { formatQueueMetrics } from '../../../../src/lib/serving/autoscaler/prometheus.js';
import { FakeClock, settle } from './fake-clock.js';

const S = 1000;
const pa = { namespace: 'default', name: 'hello-00001', annotations: { 'autoscaling.knative.dev/target': '10' } };

function world(clock: FakeClock) {
  const w = {
    replicas: 1,
    load: 0,
    scaled: [] as Array<[number, number]>,
    statuses: [] as PodAutoscalerStatusUpdate[],
    errors: [] as unknown[],
  };
  const t0 = clock.now();
  const deps: AutoscalerDeps = {
    config: () => defaultAutoscalerConfig(),
    listPodAutoscalers: async () => [pa, { namespace: 'default', name: 'other', annotations: { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev' } }],
    readyPods: async () => Array.from({ length: w.replicas }, (_, i) => ({ name: `p${i}`, ip: `127.0.0.${i + 2}` })),
    scrapePod: async (pod) =>
      formatQueueMetrics(
        { podName: pod.name, averageConcurrentRequests: w.load / w.replicas, averageProxiedConcurrentRequests: 0, requestCount: 0, proxiedRequestCount: 0 },
        { namespace: 'default', configuration: 'hello', revision: 'hello-00001' },
      ),
    getScale: async () => w.replicas,
    setScale: async (p, n) => {
      expect(p.name).toBe('hello-00001');
      w.replicas = n;
      w.scaled.push([(clock.now() - t0) / S, n]);
    },
    writeStatus: async (_p, s) => {
      w.statuses.push(s);
    },
    log: (m, e) => {
      if (e) w.errors.push([m, e]);
    },
  };
  return { w, deps };
}

describe('startAutoscaler', () => {
  it('scales up under load, back down to zero when idle, and wakes on an activator stat', async () => {
    const clock = new FakeClock();
    const { w, deps } = world(clock);
    const as = startAutoscaler(deps, clock, 2 * S, S);
    try {
      // Idle warm-up: one pod stays (active for less than the stable window).
      await clock.advance(10 * S);
      expect(w.replicas).toBe(1);
      expect(w.statuses.at(-1)?.active.status).toBe('True');
      expect(as.decisions().has('default/other')).toBe(false); // HPA-class PAs are not ours

      // 35 concurrent requests at target 10 × 70% = 7 per pod ⇒ 5 pods.
      w.load = 35;
      await clock.advance(20 * S);
      expect(w.replicas).toBe(5);
      expect(as.decisions().get('default/hello-00001')?.panicking).toBe(true);

      // Idle again: panic holds for a stable window, then halving steps, then zero.
      w.load = 0;
      await clock.advance(300 * S);
      expect(w.replicas).toBe(0);
      const downs = w.scaled.filter(([t]) => t > 30).map(([, n]) => n);
      expect(downs).toEqual([...downs].sort((a, b) => b - a)); // only ever down
      expect(downs.at(-2)).toBeGreaterThan(0);
      const last = w.statuses.at(-1);
      expect(last?.active).toEqual({ status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' });
      expect(last?.mode).toBe('Proxy');
      expect(last?.desiredScale).toBe(0);

      // The activator reports a waiting request: the revision is asked for a pod at once, before any tick.
      const before = clock.now();
      as.recordStat('default', 'hello-00001', {
        time: clock.now(),
        podName: 'activator',
        averageConcurrentRequests: 1,
        averageProxiedConcurrentRequests: 0,
        requestCount: 1,
        proxiedRequestCount: 0,
      });
      await settle();
      expect(clock.now()).toBe(before);
      expect(w.replicas).toBe(1);
      expect(w.errors).toEqual([]);
    } finally {
      as.stop();
    }
    expect(clock.pending()).toBe(0);
  });

  it('writes status only when it changes and survives failing I/O', async () => {
    const clock = new FakeClock();
    const { w, deps } = world(clock);
    let fail = true;
    const as = startAutoscaler({ ...deps, listPodAutoscalers: async () => (fail ? Promise.reject(new Error('boom')) : [pa]) }, clock);
    try {
      await clock.advance(4 * S);
      expect(w.errors.length).toBeGreaterThan(0);
      fail = false;
      await clock.advance(4 * S);
      const n = w.statuses.length;
      expect(n).toBeGreaterThan(0);
      await clock.advance(4 * S);
      expect(w.statuses.length).toBe(n); // nothing changed, nothing written
    } finally {
      as.stop();
    }
  });

  it('resumes from the PodAutoscaler status after a restart instead of starting over', async () => {
    const clock = new FakeClock();
    const { w, deps } = world(clock);
    w.replicas = 3;
    const observed = { active: 'True' as const, activeSince: clock.now() - 600 * S, scaleTargetInitialized: true };
    const as = startAutoscaler({ ...deps, listPodAutoscalers: async () => [{ ...pa, observed }] }, clock);
    try {
      await clock.advance(2 * S);
      const d = as.decisions().get('default/hello-00001');
      // Still active with the old transition time; restarted in panic (3 pods), so no scale-down on thin data.
      expect(d?.active.status).toBe('True');
      expect(d?.state.activeSince).toBe(observed.activeSince);
      expect(d?.panicking).toBe(true);
      expect(w.replicas).toBe(3);
    } finally {
      as.stop();
    }
  });
});
