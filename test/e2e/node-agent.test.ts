// Behaviour: built-in controllers + node agent against the real API server, running real processes.
import http from 'node:http';
import { CoreV1Api } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { startBuiltinControllers, type RunningControllers } from '../../src/lib/cluster/controllers/index.js';
import { startNodeAgent, type NodeAgent } from '../../src/lib/cluster/node/index.js';
import { containerLogPath } from '../../src/lib/cluster/node/log-paths.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import type { KubeClient } from '../../src/lib/controller/client.js';
import type { Deployment, Node, Pod } from '../../src/lib/controller/kinds.js';
import { Resources } from '../../src/lib/controller/resources.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { eventually } from '../unit/cluster/controllers/eventually.js';

const ns = 'default';
const SERVER = "require('http').createServer((q,s)=>{console.log('req '+q.url);s.end('hi from '+process.env.POD_IP)}).listen(process.env.PORT)";

function get(ip: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: ip, port, path: '/x', agent: false, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

function deployment(name: string, replicas: number, container: Record<string, unknown>): Deployment {
  return {
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 2, containers: [{ name: 'app', image: 'local/none', ...container }] as never } },
    },
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('node agent with built-in controllers (real API server)', () => {
  let cluster: TestCluster;
  let controllers: RunningControllers;
  let agent: NodeAgent;
  let client: KubeClient;

  beforeAll(async () => {
    cluster = await startTestCluster();
    client = createKubeClient(cluster.kubeConfig);
    controllers = await startBuiltinControllers(cluster.kubeConfig, { namespacePollMs: 50 });
    agent = await startNodeAgent(cluster.kubeConfig, { dataDir: cluster.dataDir, crashLoopBaseMs: 200, crashLoopMaxMs: 400, stopGraceMs: 500 });
  });
  afterAll(async () => {
    await agent?.stop();
    await controllers?.stop();
    await cluster?.stop();
  });

  const pods = async (app: string) => (await client.list<Pod>(Resources.pods, ns, { labelSelector: `app=${app}` })).items;

  it('registers the node', async () => {
    const node = await client.get<Node>(Resources.nodes, '', 'knative-local');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs a Deployment as ready pods with distinct IPs that answer over HTTP; scales; cleans up on delete', async () => {
    await client.create(Resources.deployments, deployment('web', 2, { command: ['node', '-e', SERVER], ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }));
    const ready = await eventually(async () => {
      const ps = await pods('web');
      return ps.length === 2 && ps.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) && ps;
    }, 10_000);
    const ips = ready.map((p) => p.status!.podIP!);
    expect(new Set(ips).size).toBe(2);
    for (const ip of ips) expect(await get(ip, 8080)).toBe(`hi from ${ip}`);
    const p0 = ready[0]!;
    expect(p0.spec?.nodeName).toBe('knative-local');
    expect(p0.status?.containerStatuses?.[0]).toMatchObject({ name: 'app', ready: true, started: true, restartCount: 0 });
    const log = containerLogPath(cluster.dataDir, ns, p0.metadata!.name!, p0.metadata!.uid!, 'app');
    await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes('req /x'));
    // The API server serves the same file as pods/log (kubectl logs).
    const core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    expect(await core.readNamespacedPodLog({ name: p0.metadata!.name!, namespace: ns })).toContain('req /x');

    const d = await client.get<Deployment>(Resources.deployments, ns, 'web');
    await client.update(Resources.deployments, { ...d, spec: { ...d.spec!, replicas: 3 } });
    await eventually(async () => (await pods('web')).filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length === 3, 10_000);

    const pids = (await pods('web')).map((p) => Number(p.status!.containerStatuses![0]!.containerID!.replace('process://', '')));
    expect(pids.every(alive)).toBe(true);
    await client.delete(Resources.deployments, ns, 'web', { propagationPolicy: 'Background' });
    await eventually(async () => (await pods('web')).length === 0 && (await client.list(Resources.replicaSets, ns)).items.length === 0, 10_000);
    await eventually(() => pids.every((pid) => !alive(pid)));
  });

  it('restarts a crashing container with back-off', async () => {
    await client.create(Resources.deployments, deployment('crash', 1, { command: ['node', '-e', "console.log('boom'); process.exit(3)"] }));
    const pod = await eventually(async () => {
      const p = (await pods('crash'))[0];
      return p && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2 && p;
    }, 10_000);
    const cs = pod.status!.containerStatuses![0]!;
    expect(cs.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    await eventually(async () => (await pods('crash'))[0]?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', 10_000);
    const log = containerLogPath(cluster.dataDir, ns, pod.metadata!.name!, pod.metadata!.uid!, 'app');
    expect(readFileSync(log, 'utf8').split('boom').length - 1).toBeGreaterThanOrEqual(2);
    await client.delete(Resources.deployments, ns, 'crash');
  });

  it('reports an image that cannot run as a process', async () => {
    await client.create<Pod>(Resources.pods, { metadata: { name: 'noimg', namespace: ns }, spec: { containers: [{ name: 'c', image: 'example.com/unknown:1' }] } });
    const p = await eventually(async () => {
      const p = await client.get<Pod>(Resources.pods, ns, 'noimg');
      return p.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImageNotRunnable' && p;
    });
    expect(p.status!.containerStatuses![0]!.state!.waiting!.message).toContain('--cmd');
    await client.delete(Resources.pods, ns, 'noimg');
    await eventually(async () => !(await client.list<Pod>(Resources.pods, ns)).items.some((x) => x.metadata?.name === 'noimg'));
  });
});
