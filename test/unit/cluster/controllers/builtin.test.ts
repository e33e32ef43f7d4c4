import { startBuiltinControllers, type RunningControllers } from '../../../../src/lib/cluster/controllers/index.js';
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { Deployment, Endpoints, Pod, ReplicaSet } from '../../../../src/lib/controller/kinds.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { Resources } from '../../../../src/lib/controller/resources.js';
import { eventually } from './eventually.js';

const ns = 'demo';

function deployment(name: string, replicas: number, image = 'img:1'): Deployment {
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image, ports: [{ name: 'http', containerPort: 8080 }] }] } },
    },
  };
}

// Plays the node agent: schedules pods, gives them an IP and marks them Ready.
async function runPods(client: FakeKubeClient, ready = true): Promise<void> {
  let i = 0;
  for (const p of client.all<Pod>(Resources.pods, ns)) {
    if (p.metadata?.deletionTimestamp || p.status?.podIP) continue;
    await client.updateStatus(Resources.pods, {
      ...p,
      status: { phase: 'Running', podIP: `127.0.1.${++i + Math.floor(Math.random() * 200)}`, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
  }
}

const livePods = (client: FakeKubeClient) => client.all<Pod>(Resources.pods, ns).filter((p) => !p.metadata?.deletionTimestamp);

describe('built-in controllers (in-memory API)', () => {
  let client: FakeKubeClient;
  let running: RunningControllers;

  beforeEach(async () => {
    client = new FakeKubeClient();
    client.seed(Resources.namespaces, { metadata: { name: ns }, spec: { finalizers: ['kubernetes'] } });
    running = await startBuiltinControllers(undefined, { client, namespacePollMs: 10 });
  });
  afterEach(async () => {
    await running.stop();
  });

  it('creates the default ServiceAccount', async () => {
    await eventually(() => client.peek(Resources.serviceAccounts, ns, 'default'));
  });

  it('turns a Deployment into a ReplicaSet and pods, then reports status', async () => {
    await client.create(Resources.deployments, deployment('web', 3));
    const rs = await eventually(() => client.all<ReplicaSet>(Resources.replicaSets, ns)[0]);
    expect(rs.metadata!.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(rs.metadata!.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    const hash = rs.metadata!.labels!['pod-template-hash'];
    const pods = await eventually(() => livePods(client).length === 3 && livePods(client));
    for (const p of pods) {
      expect(p.metadata!.name!.startsWith(`${rs.metadata!.name}-`)).toBe(true);
      expect(p.metadata!.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', name: rs.metadata!.name, controller: true })]);
    }
    await runPods(client);
    const d = await eventually(() => {
      const d = client.peek<Deployment>(Resources.deployments, ns, 'web')!;
      return d.status?.availableReplicas === 3 && d;
    });
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, observedGeneration: 1 });
    const conds = Object.fromEntries((d.status!.conditions ?? []).map((c) => [c.type, c.reason]));
    expect(conds).toEqual({ Available: 'MinimumReplicasAvailable', Progressing: 'NewReplicaSetAvailable' });
  });

  it('scales up and down, deleting not-ready pods first', async () => {
    await client.create(Resources.deployments, deployment('web', 2));
    await eventually(() => livePods(client).length === 2);
    await runPods(client);
    const d = client.peek<Deployment>(Resources.deployments, ns, 'web')!;
    await client.update(Resources.deployments, { ...d, spec: { ...d.spec!, replicas: 4 } });
    await eventually(() => livePods(client).length === 4);
    // The two new pods stay not ready: scaling back to 2 must remove exactly those.
    await runPods(client, false);
    const readyNames = livePods(client).filter((p) => p.status?.conditions?.[0]?.status === 'True').map((p) => p.metadata!.name).sort();
    const d2 = client.peek<Deployment>(Resources.deployments, ns, 'web')!;
    await client.update(Resources.deployments, { ...d2, spec: { ...d2.spec!, replicas: 2 } });
    await eventually(() => livePods(client).length === 2);
    expect(livePods(client).map((p) => p.metadata!.name).sort()).toEqual(readyNames);
  });

  it('rolls out a new template within maxSurge/maxUnavailable', async () => {
    await client.create(Resources.deployments, deployment('web', 2));
    await eventually(() => livePods(client).length === 2);
    await runPods(client);
    await eventually(() => client.peek<Deployment>(Resources.deployments, ns, 'web')!.status?.availableReplicas === 2);
    const d = client.peek<Deployment>(Resources.deployments, ns, 'web')!;
    const tpl = d.spec!.template;
    await client.update(Resources.deployments, { ...d, spec: { ...d.spec!, template: { ...tpl, spec: { containers: [{ ...tpl.spec!.containers[0]!, image: 'img:2' }] } } } });
    // Pods never exceed desired + maxSurge (2 + 1) nor drop below desired - maxUnavailable ready.
    let maxPods = 0;
    await eventually(async () => {
      maxPods = Math.max(maxPods, livePods(client).length);
      await runPods(client);
      const rss = client.all<ReplicaSet>(Resources.replicaSets, ns);
      const next = rss.find((r) => r.spec?.template?.spec?.containers[0]?.image === 'img:2');
      const old = rss.find((r) => r.spec?.template?.spec?.containers[0]?.image === 'img:1');
      const pods = livePods(client);
      return next?.status?.readyReplicas === 2 && old?.spec?.replicas === 0 && pods.length === 2 && pods.every((p) => p.spec?.containers[0]?.image === 'img:2');
    }, 5000);
    expect(maxPods).toBeLessThanOrEqual(3);
    const rss = client.all<ReplicaSet>(Resources.replicaSets, ns);
    expect(rss.map((r) => r.metadata!.annotations!['deployment.kubernetes.io/revision']).sort()).toEqual(['1', '2']);
  });

  it('maintains Endpoints with ready and not-ready addresses and named target ports', async () => {
    await client.create<KubeObject>(Resources.services, { metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    await client.create(Resources.deployments, deployment('web', 2));
    await eventually(() => livePods(client).length === 2);
    await runPods(client);
    const ep = await eventually(() => {
      const ep = client.peek<Endpoints>(Resources.endpoints, ns, 'web');
      return ep?.subsets?.[0]?.addresses?.length === 2 && ep;
    });
    expect(ep.subsets![0]!.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const p = livePods(client)[0]!;
    await client.updateStatus(Resources.pods, { ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False' }] } });
    await eventually(() => client.peek<Endpoints>(Resources.endpoints, ns, 'web')?.subsets?.[0]?.notReadyAddresses?.[0]?.targetRef?.name === p.metadata!.name);
    await client.delete(Resources.services, ns, 'web');
    await eventually(() => !client.peek(Resources.endpoints, ns, 'web'));
  });

  it('garbage-collects dependents in the background', async () => {
    await client.create(Resources.deployments, deployment('web', 2));
    await eventually(() => livePods(client).length === 2);
    await client.delete(Resources.deployments, ns, 'web', { propagationPolicy: 'Background' });
    await eventually(() => client.all(Resources.replicaSets, ns).length === 0 && livePods(client).length === 0);
  });

  it('deletes dependents first on foreground deletion, then the owner', async () => {
    await client.create(Resources.deployments, deployment('web', 1));
    await eventually(() => livePods(client).length === 1);
    await client.delete(Resources.deployments, ns, 'web', { propagationPolicy: 'Foreground' });
    await eventually(() => !client.peek(Resources.deployments, ns, 'web'));
    expect(client.all(Resources.replicaSets, ns)).toHaveLength(0);
  });

  it('orphans dependents when asked', async () => {
    await client.create(Resources.deployments, deployment('web', 1));
    const rs = await eventually(() => client.all<ReplicaSet>(Resources.replicaSets, ns)[0]);
    await client.delete(Resources.deployments, ns, 'web', { propagationPolicy: 'Orphan' });
    await eventually(() => !client.peek(Resources.deployments, ns, 'web'));
    const after = client.peek<ReplicaSet>(Resources.replicaSets, ns, rs.metadata!.name!)!;
    expect(after.metadata!.ownerReferences ?? []).toEqual([]);
  });

  it('empties and removes a deleted namespace', async () => {
    await client.create<KubeObject>(Resources.configMaps, { metadata: { name: 'cfg', namespace: ns }, data: {} });
    await client.delete(Resources.namespaces, '', ns);
    expect(client.peek<{ status: { phase: string } } & KubeObject>(Resources.namespaces, '', ns)!.status.phase).toBe('Terminating');
    await eventually(() => !client.peek(Resources.namespaces, '', ns));
    expect(client.all(Resources.configMaps, ns)).toHaveLength(0);
  });
});

describe('Deployment progress deadline and Recreate (fake clock)', () => {
  it('marks Progressing False with ProgressDeadlineExceeded when pods never become available', async () => {
    const { FakeClock } = await import('../../../../src/lib/controller/clock.js');
    const clock = new FakeClock();
    const client = new FakeKubeClient(() => new Date(clock.now()));
    client.seed(Resources.namespaces, { metadata: { name: ns } });
    const running = await startBuiltinControllers(undefined, { client, clock });
    try {
      const d = deployment('slow', 1);
      d.spec!.progressDeadlineSeconds = 10;
      await client.create(Resources.deployments, d);
      await eventually(() => livePods(client).length === 1);
      await runPods(client, false);
      await eventually(() => client.peek<Deployment>(Resources.deployments, ns, 'slow')!.status?.conditions?.some((c) => c.type === 'Progressing'));
      clock.advance(10_000);
      const cond = await eventually(() => client.peek<Deployment>(Resources.deployments, ns, 'slow')!.status?.conditions?.find((c) => c.type === 'Progressing' && c.status === 'False'));
      expect(cond).toMatchObject({ reason: 'ProgressDeadlineExceeded', message: expect.stringMatching(/^ReplicaSet "slow-\w+" has timed out progressing\.$/) });
    } finally {
      await running.stop();
    }
  });

  it('Recreate scales the old ReplicaSet to zero before starting new pods', async () => {
    const client = new FakeKubeClient();
    client.seed(Resources.namespaces, { metadata: { name: ns } });
    const running = await startBuiltinControllers(undefined, { client });
    try {
      const d = deployment('rc', 2);
      d.spec!.strategy = { type: 'Recreate' };
      await client.create(Resources.deployments, d);
      await eventually(() => livePods(client).length === 2);
      await runPods(client);
      const cur = client.peek<Deployment>(Resources.deployments, ns, 'rc')!;
      const tpl = cur.spec!.template;
      await client.update(Resources.deployments, { ...cur, spec: { ...cur.spec!, template: { ...tpl, spec: { containers: [{ ...tpl.spec!.containers[0]!, image: 'img:2' }] } } } });
      let mixed = false;
      await eventually(() => {
        const images = new Set(livePods(client).map((p) => p.spec?.containers[0]?.image));
        if (images.size > 1) mixed = true;
        return livePods(client).length === 2 && images.size === 1 && images.has('img:2');
      });
      expect(mixed).toBe(false);
    } finally {
      await running.stop();
    }
  });
});

describe('pod creation failures', () => {
  it('surface as ReplicaFailure on the ReplicaSet and the Deployment, and clear once pods can be created', async () => {
    const { ApiError } = await import('../../../../src/lib/controller/errors.js');
    const client = new FakeKubeClient();
    client.seed(Resources.namespaces, { metadata: { name: ns } });
    let failing = true;
    client.reject = (call) => (failing && call.verb === 'create' && call.plural === 'pods' ? new ApiError(403, 'Forbidden', 'pods "web-x" is forbidden: exceeded quota') : undefined);
    const running = await startBuiltinControllers(undefined, { client });
    try {
      await client.create(Resources.deployments, deployment('web', 1));
      const cond = await eventually(() => client.peek<Deployment>(Resources.deployments, ns, 'web')!.status?.conditions?.find((c) => c.type === 'ReplicaFailure'));
      expect(cond).toMatchObject({ status: 'True', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota' });
      failing = false;
      await eventually(() => livePods(client).length === 1, 5000);
      await eventually(() => !client.peek<Deployment>(Resources.deployments, ns, 'web')!.status?.conditions?.some((c) => c.type === 'ReplicaFailure'), 5000);
    } finally {
      await running.stop();
    }
  });
});
