// Cold start end to end, in process: a request reaches the activator of a revision at zero, the
// autoscaler scales the Deployment to 1 at once, a pod appears (played by the test), and the held
// request is answered by it. The API is the in-memory fake; HTTP is real loopback.
import http from 'node:http';
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import { InformerFactory } from '../../../../src/lib/controller/informer-factory.js';
import { Resources } from '../../../../src/lib/controller/resources.js';
import { REVISIONS } from '../../../../src/lib/serving/activator/kube.js';
import { type Autoscaling, startActivatorComponent, startAutoscalerComponent, startAutoscaling } from '../../../../src/lib/serving/autoscaler/component.js';
import { PODAUTOSCALERS } from '../../../../src/lib/serving/autoscaler/kube-deps.js';
import { FakeClock } from './fake-clock.js';

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (cond()) return;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const meta = { namespace: 'default', labels: { 'serving.knative.dev/revision': 'hello-00001' } };

describe('startAutoscaling', () => {
  let comp: Autoscaling | undefined;
  let podServer: http.Server | undefined;
  let informers: InformerFactory | undefined;

  afterEach(async () => {
    await comp?.stop();
    informers?.stop();
    if (podServer) {
      podServer.closeAllConnections();
      await new Promise<void>((r) => podServer!.close(() => r()));
    }
  });

  it('wakes a revision from zero and answers the held request', async () => {
    const client = new FakeKubeClient();
    client.seed(REVISIONS, { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { containerConcurrency: 0, timeoutSeconds: 300 } });
    client.seed(PODAUTOSCALERS, {
      metadata: { name: 'hello-00001', ...meta },
      spec: { reachability: 'Reachable', protocolType: 'http1', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } },
      status: { conditions: [{ type: 'Active', status: 'False', reason: 'NoTraffic', lastTransitionTime: '2026-01-01T00:00:00Z' }, { type: 'ScaleTargetInitialized', status: 'True' }] },
    });
    client.seed(Resources.deployments, { metadata: { name: 'hello-00001-deployment', namespace: 'default' }, spec: { replicas: 0 } });
    const clock = new FakeClock();
    informers = new InformerFactory(client);
    comp = await startAutoscaling({ client, informers, clock });

    const reply = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: comp!.activatorServer.port, path: '/', headers: { 'knative-serving-revision': 'hello-00001', 'knative-serving-namespace': 'default' } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    reply.catch(() => {}); // a failure below must not become an unhandled rejection

    // The activator's poke scales the Deployment without waiting for a tick.
    const replicas = () => client.peek<{ spec: { replicas: number } }>(Resources.deployments, 'default', 'hello-00001-deployment')?.spec.replicas;
    await until(() => replicas() === 1, 'scale to 1');

    // Play kubelet: a ready pod on its own loopback address, its queue-proxy on 8012.
    const ip = `127.77.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    podServer = http.createServer((req, res) => res.end(`hi via ${req.headers['k-proxy-request']}`));
    await new Promise<void>((r) => podServer!.listen(8012, ip, r));
    await client.create(Resources.pods, {
      metadata: { name: 'hello-00001-deployment-abc', ...meta },
      status: { podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
    });

    expect(await reply).toEqual({ status: 200, body: 'hi via activator' });
    // A tick later the PodAutoscaler reports itself active again.
    await clock.advance(2000);
    await until(() => client.peek<{ status: { conditions: Array<{ type: string; status: string }> } }>(PODAUTOSCALERS, 'default', 'hello-00001')?.status.conditions.some((c) => c.type === 'Active' && c.status === 'True') ?? false, 'Active=True');
  });

  it('does the same with autoscaler and activator in separate components, stats over HTTP', async () => {
    const client = new FakeKubeClient();
    client.seed(REVISIONS, { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { containerConcurrency: 1 } });
    client.seed(PODAUTOSCALERS, {
      metadata: { name: 'hello-00001', ...meta },
      spec: { reachability: 'Reachable', protocolType: 'http1', scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' } },
    });
    client.seed(Resources.deployments, { metadata: { name: 'hello-00001-deployment', namespace: 'default' }, spec: { replicas: 0 } });
    const clock = new FakeClock();
    const asInformers = new InformerFactory(client);
    const actInformers = new InformerFactory(client);
    const as = await startAutoscalerComponent({ client, informers: asInformers, clock, statPort: 0 });
    const act = await startActivatorComponent({ informers: actInformers, autoscalerStatAddress: `127.0.0.1:${as.statServer.port}`, clock, port: 0 });
    try {
      const reply = fetch(`http://127.0.0.1:${act.server.port}/`, { headers: { 'knative-serving-revision': 'hello-00001', 'knative-serving-namespace': 'default' } }).then(async (r) => [r.status, await r.text()]);
      reply.catch(() => {});
      const replicas = () => client.peek<{ spec: { replicas: number } }>(Resources.deployments, 'default', 'hello-00001-deployment')?.spec.replicas;
      await until(() => replicas() === 1, 'scale to 1');
      const ip = `127.77.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
      podServer = http.createServer((_req, res) => res.end('split ok'));
      await new Promise<void>((r) => podServer!.listen(8012, ip, r));
      await client.create(Resources.pods, { metadata: { name: 'p', ...meta }, status: { podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] } });
      expect(await reply).toEqual([200, 'split ok']);
    } finally {
      await act.stop();
      await as.stop();
      asInformers.stop();
      actInformers.stop();
    }
  });
});
