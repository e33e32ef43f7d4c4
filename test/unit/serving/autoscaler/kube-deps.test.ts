// The Kubernetes adapter of the autoscaler loop against the in-memory API.
import { FakeClock, kubeTimestamp } from '../../../../src/lib/controller/clock.js';
import { ApiError } from '../../../../src/lib/controller/errors.js';
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import { InformerFactory } from '../../../../src/lib/controller/informer-factory.js';
import { Resources } from '../../../../src/lib/controller/resources.js';
import { PODAUTOSCALERS, SERVERLESSSERVICES, kubeAutoscalerDeps } from '../../../../src/lib/serving/autoscaler/kube-deps.js';

const flush = () => new Promise<void>((r) => setImmediate(r));
const T = Date.UTC(2026, 0, 1, 12);

const pa = {
  apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
  kind: 'PodAutoscaler',
  metadata: { name: 'hello-00001', namespace: 'default', generation: 1, annotations: { 'autoscaling.knative.dev/target': '10', 'serving.knative.dev/progress-deadline': '2m' } },
  spec: { containerConcurrency: 5, reachability: 'Reachable', protocolType: 'http1', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } },
  status: {
    conditions: [{ type: 'Active', status: 'True', lastTransitionTime: new Date(T).toISOString() }],
  },
};

function pod(name: string, ready: boolean, created: string, revision = 'hello-00001') {
  return {
    metadata: { name, namespace: 'default', creationTimestamp: created, labels: { 'serving.knative.dev/revision': revision } },
    status: { podIP: `127.0.1.${name.length}`, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

async function setup() {
  const client = new FakeKubeClient();
  client.seed(PODAUTOSCALERS, pa);
  client.seed(Resources.deployments, { metadata: { name: 'hello-00001-deployment', namespace: 'default' }, spec: { replicas: 2 } });
  client.seed(Resources.pods, pod('b', true, '2026-01-01T00:00:02Z'), pod('aa', true, '2026-01-01T00:00:01Z'), pod('ccc', false, '2026-01-01T00:00:00Z'), pod('d', true, '2026-01-01T00:00:00Z', 'other'));
  client.seed(Resources.configMaps, { metadata: { name: 'config-autoscaler', namespace: 'knative-serving' }, data: { 'stable-window': '2m' } });
  client.seed(SERVERLESSSERVICES, { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { mode: 'Serve', protocolType: 'http1', objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } } });
  const errors: unknown[] = [];
  const informers = new InformerFactory(client, { clock: new FakeClock() });
  const deps = kubeAutoscalerDeps({ client, informers, log: (m, e) => errors.push([m, e]) });
  await informers.start();
  return { client, informers, deps, errors };
}

describe('kubeAutoscalerDeps', () => {
  it('reads PodAutoscalers, ready pods oldest first, the scale and config-autoscaler', async () => {
    const { deps, informers } = await setup();
    const [info] = await deps.listPodAutoscalers();
    expect(info).toMatchObject({
      namespace: 'default',
      name: 'hello-00001',
      containerConcurrency: 5,
      reachable: true,
      activationTimeoutMs: 130_000,
      observed: { active: 'True', activeSince: T, scaleTargetInitialized: false },
    });
    expect((await deps.readyPods(info)).map((p) => p.name)).toEqual(['aa', 'b']);
    expect(await deps.getScale(info)).toBe(2);
    expect(deps.config().stableWindowMs).toBe(120_000);
    informers.stop();
  });

  it('patches the Deployment, writes the PodAutoscaler status once, and sets the SKS mode', async () => {
    const { client, deps, informers } = await setup();
    const [info] = await deps.listPodAutoscalers();
    await deps.setScale(info, 4);
    expect(client.peek<{ spec: { replicas: number } }>(Resources.deployments, 'default', 'hello-00001-deployment')?.spec.replicas).toBe(4);

    const update = {
      desiredScale: 0,
      actualScale: 2,
      active: { status: 'False' as const, reason: 'NoTraffic', message: 'The target is not receiving traffic.' },
      activeSince: T + 60_000,
      scaleTargetInitialized: true,
      mode: 'Proxy' as const,
      excessBurstCapacity: -1,
      numActivators: 2,
    };
    await deps.writeStatus(info, update);
    await flush();
    const written = client.peek<{ status: { desiredScale: number; actualScale: number; observedGeneration: number; conditions: Array<Record<string, string>> } }>(
      PODAUTOSCALERS,
      'default',
      'hello-00001',
    )!;
    expect(written.status.desiredScale).toBe(0);
    expect(written.status.actualScale).toBe(2);
    expect(written.status.observedGeneration).toBe(1);
    const byType = Object.fromEntries(written.status.conditions.map((c) => [c.type, c]));
    expect(byType.Active).toMatchObject({ status: 'False', reason: 'NoTraffic', lastTransitionTime: kubeTimestamp(T + 60_000) });
    expect(byType.ScaleTargetInitialized.status).toBe('True');
    expect(byType.Ready.status).toBe('False');
    expect(client.peek<{ spec: { mode: string } }>(SERVERLESSSERVICES, 'default', 'hello-00001')?.spec.mode).toBe('Proxy');

    // Same update again: nothing to write.
    const before = client.calls.length;
    await deps.writeStatus(info, update);
    expect(client.calls.slice(before)).toEqual([]);
    informers.stop();
  });

  it('applies its status update to the current object when another writer got there first', async () => {
    const { client, deps, informers } = await setup();
    const [info] = await deps.listPodAutoscalers();
    // The PA reconciler's write lands between the informer read and ours.
    client.failNext.updateStatus = [new ApiError(409, 'Conflict', 'Operation cannot be fulfilled on podautoscalers.autoscaling.internal.knative.dev "hello-00001": the object has been modified')];
    await deps.writeStatus(info, {
      desiredScale: 3,
      actualScale: 2,
      active: { status: 'True' },
      activeSince: T,
      scaleTargetInitialized: true,
      mode: 'Serve',
      excessBurstCapacity: 0,
      numActivators: 2,
    });
    const written = client.peek<{ status: { desiredScale: number } }>(PODAUTOSCALERS, 'default', 'hello-00001')!;
    expect(written.status.desiredScale).toBe(3);
    // The conflicting attempt failed before it was recorded; the retry is the one write.
    expect(client.failNext.updateStatus).toEqual([]);
    expect(client.calls.filter((c) => c.verb === 'updateStatus')).toHaveLength(1);
    informers.stop();
  });

  it('keeps the last good config when config-autoscaler turns invalid', async () => {
    const { client, deps, informers, errors } = await setup();
    expect(deps.config().stableWindowMs).toBe(120_000);
    const cm = await client.get(Resources.configMaps, 'knative-serving', 'config-autoscaler');
    await client.update(Resources.configMaps, { ...cm, data: { 'stable-window': '1s' } });
    await flush();
    expect(deps.config().stableWindowMs).toBe(120_000);
    expect(String((errors[0] as [string, Error])[1])).toContain('stable-window = 1s, must be in [6s; 1h0m0s] range');
    informers.stop();
  });
});
