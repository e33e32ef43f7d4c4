// Two `controller` components against one API server (as the Deployment's two replicas): exactly
// one holds Lease knative-serving/kn-ts-controller and reconciles; when it stops (releasing the
// lease), the other takes over and reconciles a new ksvc. Nobody exits on the way.
import { jest } from '@jest/globals';
import { startController } from '../../src/components/controller.js';
import type { RunningComponent } from '../../src/components/runtime.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import { Resources } from '../../src/lib/controller/resources.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { eventually } from '../helpers/local-cluster.js';

let cluster: TestCluster;
const running: RunningComponent[] = [];
const exits: number[] = [];

beforeAll(async () => {
  cluster = await startTestCluster();
}, 60_000);

afterAll(async () => {
  for (const r of running) await r.stop().catch(() => undefined);
  await cluster?.stop();
}, 60_000);

const SERVICES = { group: 'serving.knative.dev', version: 'v1', plural: 'services', kind: 'Service', namespaced: true };
const CONFIGURATIONS = { group: 'serving.knative.dev', version: 'v1', plural: 'configurations', kind: 'Configuration', namespaced: true };

describe('controller replicas and the lease', () => {
  jest.setTimeout(90_000);

  it('one leader reconciles; after it stops the other takes over', async () => {
    const client = createKubeClient(cluster.kubeConfig);
    const env = (host: string) => ({ KUBECONFIG: cluster.kubeconfigPath, HOSTNAME: host, SYSTEM_NAMESPACE: 'knative-serving', KN_LOG_LEVEL: 'error' });
    const a = await startController(env('controller-a'), (code) => exits.push(code));
    running.push(a);
    const holder = async () => (await client.get<any>(Resources.leases, 'knative-serving', 'kn-ts-controller')).spec?.holderIdentity as string;
    await eventually('a leads', async () => ((await holder())?.startsWith('controller-a_') ? true : undefined), 20_000);
    const b = await startController(env('controller-b'), (code) => exits.push(code));
    running.push(b);

    // The leader reconciles: a Service gets its Configuration.
    const svc = (name: string) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] } }, traffic: [{ latestRevision: true, percent: 100 }] } });
    await client.create(SERVICES, svc('one'));
    await eventually('configuration of one', async () => (await client.get(CONFIGURATIONS, 'default', 'one').catch(() => undefined)) ?? undefined, 30_000);
    expect((await holder()).startsWith('controller-a_')).toBe(true);

    // A stops and releases the lease: B takes it within a retry period and reconciles.
    await a.stop();
    running.splice(running.indexOf(a), 1);
    await eventually('b leads', async () => ((await holder())?.startsWith('controller-b_') ? true : undefined), 20_000);
    await client.create(SERVICES, svc('two'));
    await eventually('configuration of two', async () => (await client.get(CONFIGURATIONS, 'default', 'two').catch(() => undefined)) ?? undefined, 30_000);
    expect(exits).toEqual([]);
  });
});
