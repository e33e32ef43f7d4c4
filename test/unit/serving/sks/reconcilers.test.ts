// PodAutoscaler → ServerlessService → private/public Services and Endpoints, over the in-memory client.
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { Endpoints, Service as K8sService } from '../../../../src/lib/controller/kinds.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { Resources } from '../../../../src/lib/controller/resources.js';
import { ServingResources as R } from '../../../../src/lib/serving/resources.js';
import { makePaReconciler } from '../../../../src/lib/serving/sks/pa-reconciler.js';
import { makeSksReconciler, publicSubsets } from '../../../../src/lib/serving/sks/sks-reconciler.js';
import type { PodAutoscaler, ServerlessService } from '../../../../src/lib/serving/types.js';

const now = new Date('2026-11-23T18:00:00Z');
const ns = 'default';

function setup() {
  const client = new FakeKubeClient(() => now);
  const pa: PodAutoscaler = {
    apiVersion: 'autoscaling.internal.knative.dev/v1alpha1',
    kind: 'PodAutoscaler',
    metadata: { name: 'hello-00001', namespace: ns, labels: { 'serving.knative.dev/revision': 'hello-00001' } },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' }, protocolType: 'http1' },
  } as PodAutoscaler;
  client.seed(R.podAutoscalers, pa as unknown as KubeObject);
  client.seed(Resources.deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'hello-00001-deployment', namespace: ns },
    spec: { selector: { matchLabels: { 'serving.knative.dev/revisionUID': 'u1' } } },
  } as KubeObject);
  return client;
}

const cond = (o: { status?: { conditions?: { type: string; status: string; reason?: string }[] } } | undefined, type: string) =>
  o?.status?.conditions?.find((c) => c.type === type);

describe('PA and SKS reconcilers', () => {
  it('creates the SKS, its Services and Endpoints, and mirrors SKS readiness into the PA', async () => {
    const client = setup();
    const endpoints = new Map<string, Endpoints>();
    const paReconcile = makePaReconciler({ client, now: () => now });
    const sksReconcile = makeSksReconciler({ client, now: () => now, getEndpoints: (n, name) => endpoints.get(`${n}/${name}`) });

    await paReconcile(`${ns}/hello-00001`);
    const sks = client.peek<KubeObject & ServerlessService>(R.serverlessServices, ns, 'hello-00001');
    expect(sks?.spec.mode).toBe('Proxy');
    expect(sks?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'PodAutoscaler', name: 'hello-00001', controller: true });
    expect(cond(client.peek(R.podAutoscalers, ns, 'hello-00001') as never, 'SKSReady')?.status).toBe('Unknown');

    await sksReconcile(`${ns}/hello-00001`);
    const priv = client.peek<K8sService>(Resources.services, ns, 'hello-00001-private');
    expect(priv?.spec?.selector).toEqual({ 'serving.knative.dev/revisionUID': 'u1' });
    expect(client.peek<K8sService>(Resources.services, ns, 'hello-00001')?.spec?.selector).toBeUndefined();
    // Proxy mode: no public addresses, so the gateway hands requests to the activator.
    expect(client.peek<Endpoints>(Resources.endpoints, ns, 'hello-00001')?.subsets).toEqual([]);
    const sksAfter = client.peek<KubeObject & ServerlessService>(R.serverlessServices, ns, 'hello-00001');
    expect(sksAfter?.status).toMatchObject({ serviceName: 'hello-00001', privateServiceName: 'hello-00001-private' });
    expect(cond(sksAfter as never, 'Ready')?.status).toBe('True');

    await paReconcile(`${ns}/hello-00001`);
    const pa = client.peek<KubeObject & PodAutoscaler>(R.podAutoscalers, ns, 'hello-00001');
    expect(pa?.status?.serviceName).toBe('hello-00001');
    expect(pa?.status?.metricsServiceName).toBe('hello-00001-private');
    expect(cond(pa as never, 'SKSReady')?.status).toBe('True');
  });

  it('copies ready private addresses to the public Endpoints in Serve mode, and is idempotent', async () => {
    const client = setup();
    const priv: Endpoints = {
      metadata: { name: 'hello-00001-private', namespace: ns },
      subsets: [{ addresses: [{ ip: '127.0.1.1' }], ports: [{ name: 'http', port: 8012 }] }],
    } as Endpoints;
    await makePaReconciler({ client, now: () => now })(`${ns}/hello-00001`);
    await client.patch(R.serverlessServices, ns, 'hello-00001', { spec: { mode: 'Serve' } });
    const reconcile = makeSksReconciler({ client, now: () => now, getEndpoints: () => priv });
    await reconcile(`${ns}/hello-00001`);
    expect(client.peek<Endpoints>(Resources.endpoints, ns, 'hello-00001')?.subsets).toEqual(priv.subsets);
    const writes = client.calls.length;
    await reconcile(`${ns}/hello-00001`);
    expect(client.calls.length).toBe(writes);
  });

  it('publicSubsets drops subsets without addresses and everything in Proxy mode', () => {
    const sks = { metadata: {}, spec: { mode: 'Serve' } } as unknown as ServerlessService;
    const eps = { metadata: {}, subsets: [{ notReadyAddresses: [{ ip: '127.0.1.2' }], ports: [{ port: 8012 }] }] } as unknown as Endpoints;
    expect(publicSubsets(sks, eps)).toEqual([]);
    expect(publicSubsets({ ...sks, spec: { ...sks.spec, mode: 'Proxy' } }, undefined)).toEqual([]);
  });
});
