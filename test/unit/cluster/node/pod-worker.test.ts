import type { ContainerProcess } from '../../../../src/lib/cluster/node/container-process.js';
import { PodWorker, type PodWorkerDeps } from '../../../../src/lib/cluster/node/pod-worker.js';
import { PodIpAllocator } from '../../../../src/lib/cluster/node/pod-ip.js';
import { FakeClock } from '../../../../src/lib/controller/clock.js';
import type { Pod } from '../../../../src/lib/controller/kinds.js';

function worker(restartPolicy: string, existing?: Pod['status'], extra: Partial<PodWorkerDeps> = {}, containers: NonNullable<Pod['spec']>['containers'] = [{ name: 'a', image: 'i' }]) {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const deps: PodWorkerDeps = {
    dataDir: '/nonexistent',
    logDataDir: '/nonexistent',
    clock,
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
    ...extra,
  };
  const pod: Pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { restartPolicy, containers }, status: existing };
  return { w: new PodWorker(pod, deps), pod, clock };
}

// A container whose process runs and passed its probes, without spawning anything.
function markReady(w: PodWorker, name = 'a') {
  const rt = w.containers.get(name)!;
  rt.proc = { running: true, pid: 4242 } as unknown as ContainerProcess;
  rt.started = true;
  rt.state = { running: { startedAt: '2026-01-01T00:00:00Z' } };
}

const readyCondition = (st: Pod['status']) => st!.conditions!.find((c) => c.type === 'Ready')!;

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

  // The agent computes status from its informer cache, which can be one write behind. If the
  // transition times came from that object, the stale and the fresh object would give different
  // statuses, each write would undo the previous one, and the pod would be rewritten in a loop.
  it('gives the same status from a stale and a fresh pod object after an agent restart', () => {
    const long = '2025-12-31T00:00:00Z';
    const stored: Pod['status'] = {
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: long },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: long },
      ],
      containerStatuses: [{ name: 'a', image: 'i', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: long } } }],
    };
    const { w, pod, clock } = worker('Always', stored);
    // The restarted container is not ready yet: that is a transition, written once.
    const firstWrite = w.status(pod);
    expect(readyCondition(firstWrite)).toMatchObject({ status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z' });
    clock.advance(1500);
    markReady(w);
    const fromStale = w.status(pod); // the cache has not seen the first write yet
    const fromFresh = w.status({ ...pod, status: firstWrite });
    expect(fromStale).toEqual(fromFresh);
    expect(readyCondition(fromStale)).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:01Z' });
  });

  it('keeps a transition time once reported, however far behind the pod object is', () => {
    const { w, pod, clock } = worker('Always');
    const notReady = w.status(pod);
    clock.advance(1000);
    markReady(w);
    const ready = w.status({ ...pod, status: notReady });
    clock.advance(1000);
    // Still the not-ready object (our ready write not seen yet), a second later.
    const again = w.status({ ...pod, status: notReady });
    expect(again).toEqual(ready);
    expect(readyCondition(again).lastTransitionTime).toBe('2026-01-01T00:00:01Z');
  });

  it('keeps conditions owned by others (readiness gates) from the pod object', () => {
    const { w, pod } = worker('Always');
    w.status(pod); // creates the container's runtime entry
    markReady(w);
    const gated: Pod = { ...pod, spec: { ...pod.spec!, readinessGates: [{ conditionType: 'example.com/Gate' }] } };
    expect(readyCondition(w.status(gated)).status).toBe('False');
    const opened = { ...gated, status: { conditions: [{ type: 'example.com/Gate', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
    const st = w.status(opened);
    expect(readyCondition(st).status).toBe('True');
    expect(st.conditions!.map((c) => c.type)).toContain('example.com/Gate');
  });
});

describe('PodWorker termination', () => {
  // Knative's revision pod: the user container's preStop waits for the queue-proxy to drain.
  it('runs preStop hooks and SIGTERMs containers in parallel, each after its own hook; reports them not ready', async () => {
    const signals: string[] = [];
    const hooks: string[] = [];
    let hookDone!: (r: { ok: boolean }) => void;
    const events: string[] = [];
    const containers = [
      { name: 'user', image: 'i', lifecycle: { preStop: { httpGet: { path: '/wait-for-drain', port: 8022 } } } },
      { name: 'queue-proxy', image: 'q' },
    ];
    const { w, pod } = worker('Always', undefined, {
      runHook: async (h, ctx) => {
        hooks.push(`${ctx.container.name} ${h.httpGet?.path} ${ctx.podIp}`);
        return new Promise((r) => (hookDone = r));
      },
      event: (_t, reason, msg) => events.push(`${reason}: ${msg}`),
    }, containers);
    w.status(pod);
    for (const name of ['user', 'queue-proxy']) {
      markReady(w, name);
      const rt = w.containers.get(name)!;
      let exited = false;
      let onExit!: (e: { exitCode: number; finishedAt: number }) => void;
      const exit = new Promise((r) => (onExit = r));
      rt.proc = {
        get running() {
          return !exited;
        },
        pid: 1,
        signal: (sig: string) => {
          signals.push(`${name} ${sig}`);
          exited = true;
          onExit({ exitCode: 0, finishedAt: 0 });
        },
        waitExit: () => exit,
      } as unknown as ContainerProcess;
    }
    expect(readyCondition(w.status(pod)).status).toBe('True');
    w.terminate(30_000);
    await new Promise((r) => setImmediate(r));
    expect(hooks).toEqual(['user /wait-for-drain 127.0.1.1']);
    expect(signals).toEqual(['queue-proxy SIGTERM']);
    expect(w.status(pod).containerStatuses!.map((c) => c.ready)).toEqual([false, false]);
    expect(readyCondition(w.status(pod)).status).toBe('False');
    hookDone({ ok: true });
    await new Promise((r) => setImmediate(r));
    expect(signals).toEqual(['queue-proxy SIGTERM', 'user SIGTERM']);
    expect(events).toEqual(['Killing: Stopping container user', 'Killing: Stopping container queue-proxy']);
  });
});
