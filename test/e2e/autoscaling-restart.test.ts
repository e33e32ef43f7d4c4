// Behaviour: the KPA autoscaler restarted mid-window resumes from what the API holds instead of
// starting over. The local control plane keeps its autoscaler inside the daemon (no restart hook),
// so this runs the real autoscaler loop and its Kubernetes adapter (informers, PodAutoscaler status
// writes, Deployment scale patches) against a real API server; only the pods are stand-ins (objects
// marked Ready, whose queue-proxy metrics the test supplies) and time is a fake clock driven by the
// test, one scrape per second and one decision per two seconds, as upstream.
import { jest } from '@jest/globals';
import type { KubeClient } from '../../src/lib/controller/client.js';
import { FakeClock } from '../../src/lib/controller/clock.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import { InformerFactory } from '../../src/lib/controller/informer-factory.js';
import type { KubeObject } from '../../src/lib/controller/objects.js';
import { Resources } from '../../src/lib/controller/resources.js';
import { PODAUTOSCALERS, kubeAutoscalerDeps } from '../../src/lib/serving/autoscaler/kube-deps.js';
import { type AutoscalerHandle, startAutoscaler } from '../../src/lib/serving/autoscaler/loop.js';
import { formatQueueMetrics } from '../../src/lib/serving/autoscaler/prometheus.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';

const NS = 'default';
const S = 1000;
// Timers never fire on their own: the test runs each scrape and decision itself.
const NEVER = 1e12;

let cluster: TestCluster;
let client: KubeClient;

type Condition = { type: string; status: string; reason?: string; lastTransitionTime?: string };
type PA = KubeObject & { status?: { desiredScale?: number; conditions?: Condition[] } };

async function createRevision(rev: string, replicas: number, active: Condition): Promise<void> {
  const deployment = `${rev}-deployment`;
  const labels = { 'serving.knative.dev/revision': rev };
  await client.create(Resources.deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: deployment, namespace: NS, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'user-container', image: 'dev.local/app' }] } } },
  });
  await setReadyPods(rev, replicas);
  const pa = await client.create<PA>(PODAUTOSCALERS, {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: {
      name: rev,
      namespace: NS,
      // Target 1 request per pod (containerConcurrency 1 at 100% utilization).
      annotations: { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev', 'autoscaling.knative.dev/target-utilization-percentage': '100' },
    },
    spec: { containerConcurrency: 1, reachability: 'Reachable', protocolType: 'http1', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment } },
  });
  await client.updateStatus(PODAUTOSCALERS, {
    ...pa,
    status: { desiredScale: replicas, conditions: [active, { type: 'ScaleTargetInitialized', status: 'True', lastTransitionTime: active.lastTransitionTime }] },
  });
}

/** Makes exactly `n` Ready stand-in pods of `rev` exist (what the node agent would report). */
async function setReadyPods(rev: string, n: number): Promise<void> {
  const existing = (await client.list(Resources.pods, NS, { labelSelector: `serving.knative.dev/revision=${rev}` })).items;
  for (const p of existing.slice(n)) await client.delete(Resources.pods, NS, p.metadata?.name ?? '', { gracePeriodSeconds: 0 });
  for (let i = existing.length; i < n; i++) {
    const pod = await client.create(Resources.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${rev}-pod-${i}`, namespace: NS, labels: { 'serving.knative.dev/revision': rev } },
      spec: { containers: [{ name: 'user-container', image: 'dev.local/app' }] },
    });
    await client.updateStatus(Resources.pods, {
      ...pod,
      status: { phase: 'Running', podIP: `127.77.0.${i + 1}`, conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
}

const replicasOf = async (rev: string): Promise<number | undefined> =>
  (await client.get<KubeObject & { spec: { replicas?: number } }>(Resources.deployments, NS, `${rev}-deployment`)).spec.replicas;
/** The PA's Active condition, its transition time as epoch ms. */
async function activeOf(rev: string): Promise<{ status?: string; reason?: string; since?: number }> {
  const c = (await client.get<PA>(PODAUTOSCALERS, NS, rev)).status?.conditions?.find((x) => x.type === 'Active');
  return { status: c?.status, reason: c?.reason, since: c?.lastTransitionTime ? Date.parse(c.lastTransitionTime) : undefined };
}

/** One autoscaler process: its own informers and loop; `load` = concurrent requests per pod. */
async function startOne(clock: FakeClock, load: () => number): Promise<{ as: AutoscalerHandle; stop(): void }> {
  const informers = new InformerFactory(client);
  const deps = kubeAutoscalerDeps({
    client,
    informers,
    scrapePod: async (pod) =>
      formatQueueMetrics(
        { podName: pod.name, averageConcurrentRequests: load(), averageProxiedConcurrentRequests: 0, requestCount: load(), proxiedRequestCount: 0 },
        { namespace: NS, configuration: 'cfg', revision: 'rev' },
      ),
  });
  await informers.start();
  const as = startAutoscaler(deps, clock, NEVER, NEVER);
  return {
    as,
    stop() {
      as.stop();
      informers.stop();
    },
  };
}

/** `seconds` of autoscaler time: a scrape every second, a decision every other one. */
async function run(clock: FakeClock, as: AutoscalerHandle, seconds: number): Promise<void> {
  for (let i = 1; i <= seconds; i++) {
    clock.advance(S);
    await as.scrape();
    if (i % 2 === 0) await as.tick();
  }
}

beforeAll(async () => {
  cluster = await startTestCluster();
  client = createKubeClient(cluster.kubeConfig);
  await client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'knative-serving' } }).catch(() => undefined);
  await client.create(Resources.configMaps, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'config-autoscaler', namespace: 'knative-serving' },
    data: { 'stable-window': '6s', 'scale-to-zero-grace-period': '2s' },
  });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
}, 30_000);

describe('autoscaler restarted mid-window', () => {
  jest.setTimeout(30_000);

  it('keeps the scale and the Active condition under load, then decides on fresh data alone', async () => {
    const since = Math.floor(Date.now() / S) * S - 600 * S;
    await createRevision('busy-00001', 3, { type: 'Active', status: 'True', lastTransitionTime: new Date(since).toISOString() });
    const clock = new FakeClock(Date.now());
    let perPod = 2; // 6 requests on 3 one-request pods
    const a = await startOne(clock, () => perPod);
    await run(clock, a.as, 4);
    expect(await replicasOf('busy-00001')).toBe(6);
    await setReadyPods('busy-00001', 6);
    perPod = 1;
    await run(clock, a.as, 3); // mid-window: the stable window (6 s) is half full
    a.stop();

    const b = await startOne(clock, () => perPod);
    try {
      // First decision of the new process, before any scrape: no data, so no change.
      clock.advance(S);
      await b.as.tick();
      expect(await replicasOf('busy-00001')).toBe(6);
      expect(await activeOf('busy-00001')).toEqual({ status: 'True', reason: undefined, since });
      // The new process carries on from the stored transition (it is not "active since the restart").
      expect(b.as.decisions().get(`${NS}/busy-00001`)?.state).toMatchObject({ active: 'True', activeSince: since, scaleTargetInitialized: true });
      await run(clock, b.as, 6);
      expect(await replicasOf('busy-00001')).toBe(6);
      expect(b.as.decisions().get(`${NS}/busy-00001`)?.desiredScale).toBe(6);
      expect(await activeOf('busy-00001')).toEqual({ status: 'True', reason: undefined, since });
    } finally {
      b.stop();
    }
  });

  it('an idle revision already inactive past the grace period goes to zero at once, not after a new stable window', async () => {
    const since = Math.floor(Date.now() / S) * S - 60 * S;
    await createRevision('idle-00001', 1, { type: 'Active', status: 'False', reason: 'NoTraffic', lastTransitionTime: new Date(since).toISOString() });
    const clock = new FakeClock(Date.now());
    const b = await startOne(clock, () => 0);
    try {
      // The first decision lists the revision (no data yet); two seconds of data later it is at zero,
      // where a fresh start would wait a stable window (6 s) plus the grace period (2 s).
      await b.as.tick();
      await run(clock, b.as, 2);
      expect(await replicasOf('idle-00001')).toBe(0);
      expect(await activeOf('idle-00001')).toEqual({ status: 'False', reason: 'NoTraffic', since });
    } finally {
      b.stop();
    }
  });
});
