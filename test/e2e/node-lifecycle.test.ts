// Behaviour: pod termination, agent restarts (re-adoption), namespace deletion, Endpoints and
// foreground GC against the real API server.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startBuiltinControllers, type RunningControllers } from '../../src/lib/cluster/controllers/index.js';
import { startNodeAgent, type NodeAgent, type NodeAgentOptions } from '../../src/lib/cluster/node/index.js';
import { containerLogPath } from '../../src/lib/cluster/node/log-paths.js';
import type { KubeClient } from '../../src/lib/controller/client.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import type { Endpoints, Pod } from '../../src/lib/controller/kinds.js';
import type { KubeObject } from '../../src/lib/controller/objects.js';
import { Resources } from '../../src/lib/controller/resources.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { eventually } from '../unit/cluster/controllers/eventually.js';

const SERVER = "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT)";

const isReady = (p?: Pod) => Boolean(p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
const pidOf = (p: Pod) => Number(p.status?.containerStatuses?.[0]?.containerID?.replace('process://', ''));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function pod(name: string, ns: string, command: string[], extra: Record<string, unknown> = {}): Pod {
  return {
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'none', command, ports: [{ name: 'web', containerPort: 8080 }] }], ...extra } as never,
  };
}

describe('pod lifecycle on the node agent (real API server)', () => {
  let cluster: TestCluster;
  let controllers: RunningControllers;
  let agent: NodeAgent;
  let client: KubeClient;
  const agentOpts = (): NodeAgentOptions => ({ dataDir: cluster.dataDir, adoptPollMs: 50, stopGraceMs: 500 });

  beforeAll(async () => {
    cluster = await startTestCluster();
    client = createKubeClient(cluster.kubeConfig);
    controllers = await startBuiltinControllers(cluster.kubeConfig, { namespacePollMs: 50 });
    agent = await startNodeAgent(cluster.kubeConfig, agentOpts());
  });
  afterAll(async () => {
    await agent?.stop();
    await controllers?.stop();
    await cluster?.stop();
  });

  const getPod = (ns: string, name: string) => client.get<Pod>(Resources.pods, ns, name).catch(() => undefined);

  it('sends SIGTERM, waits for the process, then removes the pod; SIGKILLs after the grace period', async () => {
    const graceful = "process.on('SIGTERM',()=>{console.log('got SIGTERM');process.exit(0)});setInterval(()=>{},1000);console.log('up')";
    const stubborn = "process.on('SIGTERM',()=>console.log('ignoring SIGTERM'));setInterval(()=>{},1000);console.log('up')";
    await client.create(Resources.pods, pod('graceful', 'default', ['node', '-e', graceful]));
    await client.create(Resources.pods, pod('stubborn', 'default', ['node', '-e', stubborn]));
    const [g, s] = await eventually(async () => {
      const ps = [await getPod('default', 'graceful'), await getPod('default', 'stubborn')];
      return ps.every(isReady) && (ps as Pod[]);
    }, 10_000);
    const logOf = (p: Pod) => containerLogPath(cluster.dataDir, 'default', p.metadata!.name!, p.metadata!.uid!, 'c');
    await eventually(() => readFileSync(logOf(g!), 'utf8').includes('up') && readFileSync(logOf(s!), 'utf8').includes('up'), 10_000);
    const started = Date.now();
    await client.delete(Resources.pods, 'default', 'graceful');
    await client.delete(Resources.pods, 'default', 'stubborn');
    const terminating = await getPod('default', 'graceful');
    if (terminating) expect(terminating.metadata?.deletionTimestamp).toBeDefined();
    await eventually(async () => !(await getPod('default', 'graceful')), 10_000);
    expect(alive(pidOf(g!))).toBe(false);
    await eventually(async () => !(await getPod('default', 'stubborn')), 10_000);
    // The stubborn one only goes after its 1 s grace period.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(alive(pidOf(s!))).toBe(false);
  });

  it('runs the preStop hook before SIGTERM, and keeps the pod until the process is gone', async () => {
    // The hook answers after 300 ms; SIGTERM must come after that, not with it.
    const server = `require('http').createServer((q,s)=>{ if (q.url==='/pre-stop') { console.log('preStop hook'); setTimeout(()=>s.end('ok'),300); } else s.end('ok'); }).listen(process.env.PORT);
      process.on('SIGTERM',()=>{console.log('got SIGTERM');process.exit(0)}); console.log('up')`;
    const hooked = pod('hooked', 'default', ['node', '-e', server]);
    hooked.spec!.terminationGracePeriodSeconds = 5;
    hooked.spec!.containers[0]!.lifecycle = { preStop: { httpGet: { path: '/pre-stop', port: 'web' as never } } };
    await client.create(Resources.pods, hooked);
    const p = await eventually(async () => {
      const got = await getPod('default', 'hooked');
      return isReady(got) && got;
    }, 10_000);
    const log = containerLogPath(cluster.dataDir, 'default', 'hooked', p!.metadata!.uid!, 'c');
    await eventually(() => readFileSync(log, 'utf8').includes('up'), 10_000);
    await client.delete(Resources.pods, 'default', 'hooked');
    const started = Date.now();
    await eventually(async () => !(await getPod('default', 'hooked')), 10_000);
    // The pod object stays while the hook runs.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(lines).toEqual(['up', 'preStop hook', 'got SIGTERM']);
  });

  it('restarts a container whose liveness probe fails', async () => {
    // Healthy for its first probe, then answers 500.
    const flaky = "let n=0;require('http').createServer((q,s)=>{s.statusCode=++n>1?500:200;s.end()}).listen(process.env.PORT)";
    const p = pod('flaky', 'default', ['node', '-e', flaky]);
    p.spec!.containers[0]!.livenessProbe = { httpGet: { path: '/', port: 8080 }, periodSeconds: 1, failureThreshold: 1 } as never;
    await client.create(Resources.pods, p);
    const restarted = await eventually(async () => {
      const p = await getPod('default', 'flaky');
      return p && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && p;
    }, 15_000);
    expect(restarted.status?.containerStatuses?.[0]?.lastState?.terminated).toBeDefined();
    await client.delete(Resources.pods, 'default', 'flaky');
  });

  it('runs init containers to completion first, sharing an emptyDir with the main container', async () => {
    const init = "require('fs').writeFileSync(process.env.KN_MOUNT_WORK + '/x', 'from-init')";
    const main = "const fs=require('fs');require('http').createServer((q,s)=>s.end(fs.readFileSync(process.env.KN_MOUNT_WORK+'/x'))).listen(process.env.PORT)";
    const p = pod('withinit', 'default', ['node', '-e', main], {
      initContainers: [{ name: 'prep', image: 'none', command: ['node', '-e', init], volumeMounts: [{ name: 'work', mountPath: '/work' }] }],
      volumes: [{ name: 'work', emptyDir: {} }],
    });
    p.spec!.containers[0]!.volumeMounts = [{ name: 'work', mountPath: '/work' }];
    p.spec!.containers[0]!.readinessProbe = { tcpSocket: { port: 8080 } } as never;
    await client.create(Resources.pods, p);
    const ready = await eventually(async () => {
      const p = await getPod('default', 'withinit');
      return isReady(p) && p;
    }, 10_000);
    expect(ready!.status?.initContainerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: ready!.status!.podIP, port: 8080, path: '/', agent: false }, (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(b));
      }).on('error', reject);
    });
    expect(body).toBe('from-init');
    await client.delete(Resources.pods, 'default', 'withinit');
  });

  it('re-adopts live processes after an agent restart and restarts dead ones', async () => {
    await client.create(Resources.pods, pod('keep', 'default', ['node', '-e', SERVER], { }));
    await client.create(Resources.pods, pod('lose', 'default', ['node', '-e', SERVER]));
    await client.create(Resources.pods, pod('gone', 'default', ['node', '-e', SERVER]));
    const [keep, lose, gone] = await eventually(async () => {
      const ps = [await getPod('default', 'keep'), await getPod('default', 'lose'), await getPod('default', 'gone')];
      return ps.every(isReady) && (ps as Pod[]);
    }, 10_000);
    await agent.stop({ leavePodsRunning: true });
    // Deleted while no agent runs: the next agent stops its process and finalizes it.
    await client.delete(Resources.pods, 'default', 'gone');
    // While no agent runs, one process dies.
    process.kill(-pidOf(lose!), 'SIGKILL');
    await eventually(() => !alive(pidOf(lose!)));
    agent = await startNodeAgent(cluster.kubeConfig, agentOpts());
    const relost = await eventually(async () => {
      const p = await getPod('default', 'lose');
      return p && pidOf(p) !== pidOf(lose!) && isReady(p) && p;
    }, 10_000);
    // A process that died while no agent ran was restarted: one restart, exit status unknown.
    expect(relost.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(relost.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ reason: 'Unknown', exitCode: 255 });
    await eventually(async () => !(await getPod('default', 'gone')) && !alive(pidOf(gone!)), 10_000);
    const kept = await getPod('default', 'keep');
    expect(pidOf(kept!)).toBe(pidOf(keep!));
    expect(kept!.status?.podIP).toBe(keep!.status?.podIP);
    // Re-adopting a live process is not a restart.
    expect(kept!.status?.containerStatuses?.[0]?.restartCount).toBe(0);
    expect(kept!.status?.containerStatuses?.[0]?.lastState).toEqual({});
    expect(alive(pidOf(keep!))).toBe(true);
    // An adopted process is still watched: its death is noticed and it is restarted.
    process.kill(-pidOf(keep!), 'SIGKILL');
    await eventually(async () => {
      const p = await getPod('default', 'keep');
      return p && (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && isReady(p);
    }, 10_000);
    await client.delete(Resources.pods, 'default', 'keep');
    await client.delete(Resources.pods, 'default', 'lose');
  });

  // `kn quickstart local --stop` stops the agent this way: the pods' processes are stopped, so the
  // next start runs them again, and that is a restart of each container (as after a node reboot).
  it('counts one restart per container when a stopped agent starts its pods again', async () => {
    await client.create(Resources.pods, pod('again', 'default', ['node', '-e', SERVER]));
    const before = await eventually(async () => {
      const p = await getPod('default', 'again');
      return isReady(p) && p;
    }, 10_000);
    await agent.stop();
    expect(alive(pidOf(before!))).toBe(false);
    agent = await startNodeAgent(cluster.kubeConfig, agentOpts());
    const after = await eventually(async () => {
      const p = await getPod('default', 'again');
      return p && pidOf(p) !== pidOf(before!) && isReady(p) && p;
    }, 10_000);
    expect(after.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(after.status?.podIP).toBe(before!.status?.podIP);
    await client.delete(Resources.pods, 'default', 'again');
  });

  it('fills Endpoints from ready pods and resolves named target ports', async () => {
    await client.create<KubeObject>(Resources.namespaces, { metadata: { name: 'ep' } });
    await client.create<KubeObject>(Resources.services, { metadata: { name: 'svc', namespace: 'ep' }, spec: { selector: { app: 'backend' }, ports: [{ name: 'http', port: 80, targetPort: 'web' }] } });
    const p = pod('backend', 'ep', ['node', '-e', SERVER]);
    p.spec!.containers[0]!.readinessProbe = { httpGet: { path: '/', port: 'web' } } as never;
    await client.create(Resources.pods, p);
    const ep = await eventually(async () => {
      const ep = await client.get<Endpoints>(Resources.endpoints, 'ep', 'svc').catch(() => undefined);
      return ep?.subsets?.[0]?.addresses?.length === 1 && ep;
    }, 10_000);
    const running = await getPod('ep', 'backend');
    expect(ep.subsets![0]).toEqual({
      addresses: [{ ip: running!.status!.podIP, nodeName: 'knative-local', targetRef: { kind: 'Pod', namespace: 'ep', name: 'backend', uid: running!.metadata!.uid } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  });

  it('deletes a namespace with its content (pods included)', async () => {
    const running = await getPod('ep', 'backend');
    await client.delete(Resources.namespaces, '', 'ep');
    const ns = await client.get<KubeObject & { status?: { phase?: string } }>(Resources.namespaces, '', 'ep').catch(() => undefined);
    if (ns) expect(ns.status?.phase).toBe('Terminating');
    await eventually(async () => !(await client.get(Resources.namespaces, '', 'ep').catch(() => undefined)), 15_000);
    expect(alive(pidOf(running!))).toBe(false);
  });

  it('garbage-collects dependents of CRD owners, including CRDs created after start', async () => {
    const widgets = { group: 'example.dev', version: 'v1', plural: 'widgets', kind: 'Widget', namespaced: true };
    await client.create<KubeObject>({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false }, {
      metadata: { name: 'widgets.example.dev' },
      spec: {
        group: 'example.dev',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    });
    const owner = await eventually(() => client.create<KubeObject>(widgets, { metadata: { name: 'w', namespace: 'default' }, spec: {} }), 5000);
    const ref = { apiVersion: 'example.dev/v1', kind: 'Widget', name: 'w', uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true };
    await client.create<KubeObject>(Resources.configMaps, { metadata: { name: 'owned-by-widget', namespace: 'default', ownerReferences: [ref] }, data: {} });
    const route = await client.create<KubeObject>({ group: 'serving.knative.dev', version: 'v1', plural: 'routes', kind: 'Route', namespaced: true }, { metadata: { name: 'r', namespace: 'default' }, spec: {} });
    const rref = { apiVersion: 'serving.knative.dev/v1', kind: 'Route', name: 'r', uid: route.metadata!.uid!, controller: true };
    await client.create<KubeObject>(Resources.configMaps, { metadata: { name: 'owned-by-route', namespace: 'default', ownerReferences: [rref] }, data: {} });
    await client.delete(widgets, 'default', 'w');
    await client.delete({ group: 'serving.knative.dev', version: 'v1', plural: 'routes', kind: 'Route', namespaced: true }, 'default', 'r', { propagationPolicy: 'Foreground' });
    await eventually(async () => {
      const names = (await client.list(Resources.configMaps, 'default')).items.map((c) => c.metadata?.name);
      return !names.includes('owned-by-widget') && !names.includes('owned-by-route');
    }, 10_000);
  });

  it('default ServiceAccount exists in new namespaces', async () => {
    await client.create<KubeObject>(Resources.namespaces, { metadata: { name: 'sa-check' } });
    await eventually(() => client.get(Resources.serviceAccounts, 'sa-check', 'default').catch(() => undefined), 5000);
  });
});
