import { PodWorker, type PodWorkerDeps } from '../../../../src/lib/cluster/node/pod-worker.js';
import { PodIpAllocator } from '../../../../src/lib/cluster/node/pod-ip.js';
import { FakeClock } from '../../../../src/lib/controller/clock.js';
import type { Pod } from '../../../../src/lib/controller/kinds.js';

function worker(restartPolicy: string, existing?: Pod['status']) {
  const deps: PodWorkerDeps = {
    dataDir: '/nonexistent',
    logDataDir: '/nonexistent',
    clock: new FakeClock(Date.UTC(2026, 0, 1)),
    ips: new PodIpAllocator(0),
    sources: { configMap: async () => undefined, secret: async () => undefined },
    preloadPath: '/x.cjs',
    baseEnv: {},
    defaultWorkingDir: '/',
    fastProbeMs: 10,
    crashLoopBaseMs: 10,
    crashLoopMaxMs: 100,
    backoffResetMs: 1000,
    configRetryMs: 100,
    adoptPollMs: 100,
    notify: () => undefined,
    event: () => undefined,
  };
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { restartPolicy, containers: [{ name: 'a', image: 'i' }] }, status: existing };
  return { w: new PodWorker(pod, deps), pod };
}

const terminated = (exitCode: number) => ({ terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed' } });

describe('PodWorker status', () => {
  it.each([
    ['Always', { waiting: { reason: 'ContainerCreating' } }, 'Pending'],
    ['Never', terminated(0), 'Succeeded'],
    ['Never', terminated(2), 'Failed'],
    ['OnFailure', terminated(0), 'Succeeded'],
    ['OnFailure', terminated(1), 'Running'],
    ['Always', terminated(0), 'Running'],
  ])('restartPolicy %s with state %j is %s', (policy, state, phase) => {
    const { w, pod } = worker(policy);
    w.status(pod); // creates the container's runtime entry
    w.containers.get('a')!.state = state;
    expect(w.status(pod).phase).toBe(phase);
  });

  it('reports the pod address, conditions and an unready container', () => {
    const { w, pod } = worker('Always');
    const st = w.status(pod);
    expect(st.podIP).toBe('127.0.1.1');
    expect(st.hostIP).toBe('127.0.0.1');
    expect(st.containerStatuses![0]).toMatchObject({ name: 'a', ready: false, started: false, restartCount: 0 });
    expect(st.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [a]' });
    expect(st.qosClass).toBe('BestEffort');
  });

  it('keeps restart counts and the pod address reported before an agent restart', () => {
    const { w, pod } = worker('Always', { podIP: '127.0.7.7', containerStatuses: [{ name: 'a', image: 'i', imageID: '', ready: true, restartCount: 4, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] });
    const st = w.status(pod);
    expect(st.podIP).toBe('127.0.7.7');
    expect(st.containerStatuses![0]!.restartCount).toBe(4);
  });

  it('waits with ImageNotRunnable when no command and no registered image', async () => {
    const { w, pod } = worker('Always');
    const retry = await w.sync(pod);
    expect(w.status(pod).containerStatuses![0]!.state!.waiting).toMatchObject({ reason: 'ImageNotRunnable', message: expect.stringContaining('--cmd') });
    expect(retry).toBe(100);
  });
});
