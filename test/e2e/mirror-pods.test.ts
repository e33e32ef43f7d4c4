// Behaviour: the Knative components running inside the local control plane show up as mirror pods
// (kubectl get/wait/logs in knative-serving, kourier-system, knative-eventing, as tutorials 001,
// 003 and 004 do), the node agent never runs them, a deleted one comes back, and a restart of the
// control plane on the same data dir leaves exactly one pod per component.
import { jest } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startControlPlane, type RunningControlPlane } from '../../src/lib/cluster/local/main.js';
import { MIRROR_COMPONENTS } from '../../src/lib/cluster/local/mirror-components.js';
import { podLogDir } from '../../src/lib/cluster/node/log-paths.js';
import { eventually, kubectl, startLocalCluster, type LocalCluster } from '../helpers/local-cluster.js';

let cluster: LocalCluster;
// The control plane started by the restart test (cluster.stop() only knows the first one).
let restarted: RunningControlPlane | undefined;

beforeAll(async () => {
  cluster = await startLocalCluster();
}, 60_000);

afterAll(async () => {
  if (restarted) {
    await restarted.stop();
    rmSync(cluster.dataDir, { recursive: true, force: true });
  } else {
    await cluster?.stop();
  }
}, 60_000);

// name -> uid of every mirror pod, by namespace/name.
async function mirrorPods(): Promise<Map<string, string>> {
  const r = await kubectl(cluster, ['get', 'pods', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name} {.metadata.uid} {.metadata.annotations.kubernetes\\.io/config\\.mirror}{"\\n"}{end}']);
  expect(r.stderr).toBe('');
  const out = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const [key, uid, mirror] = line.split(' ');
    if (key && mirror) out.set(key, uid!);
  }
  return out;
}

describe('in-process components as mirror pods', () => {
  jest.setTimeout(90_000);

  it('kubectl get pods lists every component Running and Ready in its namespace', async () => {
    const serving = await kubectl(cluster, ['get', 'pods', '-n', 'knative-serving']);
    expect(serving.stderr).toBe('');
    for (const name of ['activator', 'autoscaler', 'controller', 'net-kourier-controller', 'webhook']) {
      expect(serving.stdout).toMatch(new RegExp(`^${name}-knative-local\\s+1/1\\s+Running\\s+0\\s`, 'm'));
    }
    const kourier = await kubectl(cluster, ['get', 'pods', '-n', 'kourier-system', '-l', 'app=3scale-kourier-gateway', '-o', 'name']);
    expect(kourier.stdout.trim()).toBe('pod/3scale-kourier-gateway-knative-local');
    // The kourier Service selects the gateway's mirror pod: its Endpoints are the real gateway address.
    const ep = await eventually('kourier endpoints', async () => {
      const r = await kubectl(cluster, ['get', 'endpoints', 'kourier', '-n', 'kourier-system', '-o', 'jsonpath={.subsets[0].addresses[0].ip}:{.subsets[0].ports[0].port}']);
      return r.code === 0 && r.stdout !== ':' ? r.stdout : undefined;
    }, 10_000);
    expect(ep).toBe(`127.0.0.1:${cluster.gatewayPort}`);
    const eventing = await kubectl(cluster, ['get', 'pods', '-n', 'knative-eventing', '-o', 'name']);
    expect(eventing.stdout.trim().split('\n').sort()).toEqual(
      MIRROR_COMPONENTS.filter((c) => c.namespace === 'knative-eventing').map((c) => `pod/${c.name}-knative-local`).sort(),
    );

    const wait = await kubectl(cluster, ['wait', '--for=condition=Ready', 'pods', '--all', '-n', 'knative-serving', '--timeout=20s']);
    expect(wait.code).toBe(0);
    expect(wait.stdout).toContain('pod/activator-knative-local condition met');

    // Mirror pod shape: on the node, owned by it, on the loopback address, our process as the container.
    const pod = JSON.parse((await kubectl(cluster, ['get', 'pod', 'activator-knative-local', '-n', 'knative-serving', '-o', 'json'])).stdout);
    expect(pod.spec.nodeName).toBe('knative-local');
    expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ apiVersion: 'v1', kind: 'Node', name: 'knative-local', controller: true })]);
    expect(pod.metadata.labels).toMatchObject({ app: 'activator', role: 'activator' });
    expect(pod.status).toMatchObject({ phase: 'Running', podIP: '127.0.0.1', hostIP: '127.0.0.1' });
    expect(pod.status.containerStatuses).toEqual([expect.objectContaining({ name: 'activator', ready: true, containerID: `process://${process.pid}` })]);
  });

  it('kubectl logs by label and by pod name returns that component\'s lines only', async () => {
    const ctl = await kubectl(cluster, ['logs', '-n', 'knative-serving', '-l', 'app=controller']);
    expect(ctl.stderr).toBe('');
    expect(ctl.stdout).toMatch(/INFO controller: running in the kn-ts control plane/);
    expect(ctl.stdout).not.toMatch(/activator:/);
    const act = await kubectl(cluster, ['logs', '-n', 'knative-serving', 'activator-knative-local']);
    expect(act.stdout).toMatch(/activator: running in the kn-ts control plane \(pid \d+\), listening on 127\.0\.0\.1:\d+/);
    const filter = await kubectl(cluster, ['logs', '-n', 'knative-eventing', '-l', 'app.kubernetes.io/component=broker-filter']);
    expect(filter.stdout).toMatch(/mt-broker-filter: running/);
  });

  it('a deleted mirror pod comes back with a new uid', async () => {
    const before = (await mirrorPods()).get('knative-serving/webhook-knative-local');
    expect(before).toBeDefined();
    const del = await kubectl(cluster, ['delete', 'pod', 'webhook-knative-local', '-n', 'knative-serving', '--timeout=20s']);
    expect(del.code).toBe(0);
    const after = await eventually('webhook pod recreated', async () => {
      const uid = (await mirrorPods()).get('knative-serving/webhook-knative-local');
      return uid && uid !== before ? uid : undefined;
    }, 20_000);
    expect(after).not.toBe(before);
    const r = await kubectl(cluster, ['wait', '--for=condition=Ready', 'pod/webhook-knative-local', '-n', 'knative-serving', '--timeout=20s']);
    expect(r.code).toBe(0);
  });

  it('a restart on the same data dir replaces every mirror pod once: no duplicates, old logs gone', async () => {
    const before = await mirrorPods();
    expect(before.size).toBe(MIRROR_COMPONENTS.length);
    await cluster.plane.stop();
    restarted = cluster.plane = await startControlPlane({ name: 'knative', dataDir: cluster.dataDir, gatewayPort: cluster.gatewayPort, logLevel: 'error' });
    const after = await mirrorPods();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, uid] of after) {
      expect(uid).not.toBe(before.get(key));
      const [ns, name] = key.split('/');
      expect(existsSync(podLogDir(join(cluster.dataDir, 'apiserver'), ns!, name!, before.get(key)!))).toBe(false);
    }
    const logs = await kubectl(cluster, ['logs', '-n', 'knative-serving', '-l', 'app=activator']);
    expect(logs.stdout.match(/activator: running/g)).toHaveLength(1);
  });
});
