// Behaviour: Serving end to end in the local control plane. The whole daemon runs in-process
// (test/helpers/local-cluster.ts); the real bundled kn CLI and kubectl drive it, and requests go
// through the gateway with a Host header, as the tutorials do. Tests run in order on one cluster.
import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, getViaGateway, kn, kubectl, startLocalCluster, type LocalCluster } from '../helpers/local-cluster.js';

const host = (name: string) => `${name}.default.127.0.0.1.sslip.io`;

// A tiny app for `--cmd node --arg app.js`: answers with $MSG, exits with 3 when $FAIL is set.
const APP = `
if (process.env.FAIL) { console.error('failing on purpose'); process.exit(3); }
require('node:http').createServer((req, res) => res.end('app says ' + (process.env.MSG || 'hi') + '\\n')).listen(Number(process.env.PORT));
`;

let cluster: LocalCluster;
let appDir: string;

beforeAll(async () => {
  appDir = mkdtempSync(join(tmpdir(), 'kn-ts-app-'));
  writeFileSync(join(appDir, 'app.cjs'), APP);
  cluster = await startLocalCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(appDir, { recursive: true, force: true });
}, 60_000);

describe('kn service against the local control plane', () => {
  jest.setTimeout(90_000);
  it('creates the helloworld service, waits with progress lines and serves Hello World!', async () => {
    const r = await kn(cluster, ['service', 'create', 'hello', '--image', 'gcr.io/knative-samples/helloworld-go', '--env', 'TARGET=World']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Creating service 'hello' in namespace 'default':");
    expect(r.stdout).toMatch(/Ready to serve\./);
    expect(r.stdout).toContain(`Service 'hello' created to latest revision 'hello-00001' is available at URL:\nhttp://${host('hello')}`);
    expect(await getViaGateway(cluster, host('hello'))).toEqual({ status: 200, body: 'Hello World!\n' });

    const url = await kubectl(cluster, ['get', 'ksvc', 'hello', '-o', 'jsonpath={.status.url}']);
    expect(url.stdout).toBe(`http://${host('hello')}`);
    // The webhook records who created the Service, as upstream's does.
    const who = await kubectl(cluster, ['get', 'ksvc', 'hello', '-o', 'jsonpath={.metadata.annotations.serving\\.knative\\.dev/creator} {.metadata.annotations.serving\\.knative\\.dev/lastModifier}']);
    expect(who.stdout).toBe('kubernetes-admin kubernetes-admin');
    const pods = await kubectl(cluster, ['get', 'pods', '-l', 'serving.knative.dev/service=hello']);
    expect(pods.stdout).toMatch(/^hello-00001-deployment-\S+\s+2\/2\s+Running/m);
  });

  it('update makes a second revision that takes all traffic', async () => {
    const r = await kn(cluster, ['service', 'update', 'hello', '--env', 'TARGET=Knative']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Service 'hello' updated to latest revision 'hello-00002' is available at URL:");
    expect(await getViaGateway(cluster, host('hello'))).toEqual({ status: 200, body: 'Hello Knative!\n' });
  });

  it('splits traffic 50/50 and gives a tagged revision its own host', async () => {
    const r = await kn(cluster, ['service', 'update', 'hello', '--traffic', 'hello-00001=50,@latest=50', '--tag', 'hello-00001=old']);
    expect(r.code).toBe(0);
    const n = 200;
    let world = 0;
    for (let i = 0; i < n; i++) {
      const res = await getViaGateway(cluster, host('hello'));
      expect(res.status).toBe(200);
      if (res.body === 'Hello World!\n') world++;
      else expect(res.body).toBe('Hello Knative!\n');
    }
    // Binomial(200, 0.5): sd ≈ 7.07; ±5 sd fails a correct split with probability < 1e-6.
    expect(Math.abs(world - n / 2)).toBeLessThanOrEqual(35);
    expect(await getViaGateway(cluster, host('old-hello'))).toEqual({ status: 200, body: 'Hello World!\n' });

    const list = await kn(cluster, ['revision', 'list']);
    expect(list.stdout).toMatch(/^NAME\s+SERVICE\s+TRAFFIC\s+TAGS\s+GENERATION\s+AGE\s+CONDITIONS\s+READY\s+REASON$/m);
    expect(list.stdout).toMatch(/^hello-00002\s+hello\s+50%\s+2\s/m);
    expect(list.stdout).toMatch(/^hello-00001\s+hello\s+50%\s+old\s+1\s/m);
  });

  it('runs --cmd node --arg app.js with a BYO revision name', async () => {
    const r = await kn(cluster, ['service', 'create', 'app', '--image', 'dev.local/app', '--cmd', 'node', '--arg', join(appDir, 'app.cjs'), '--env', 'MSG=one', '--revision-name', 'app-first']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain("Service 'app' created to latest revision 'app-first' is available at URL:");
    expect(await getViaGateway(cluster, host('app'))).toEqual({ status: 200, body: 'app says one\n' });
  });

  it('reports a crashing revision as failed while the previous one keeps serving', async () => {
    // Without --revision-name, kn clears the BYO name (as upstream kn), so the server names it app-00002.
    const r = await kn(cluster, ['service', 'update', 'app', '--env', 'FAIL=1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*RevisionFailed/m);
    const cond = await eventually('ContainerHealthy=False on app-00002', async () => {
      const got = await kubectl(cluster, ['get', 'revision', 'app-00002', '-o', 'jsonpath={.status.conditions[?(@.type=="ContainerHealthy")]}']);
      const c = got.stdout ? (JSON.parse(got.stdout) as { status: string; reason: string; message: string }) : undefined;
      return c?.status === 'False' ? c : undefined;
    });
    expect(cond.reason).toBe('ExitCode3');
    expect(await getViaGateway(cluster, host('app'))).toEqual({ status: 200, body: 'app says one\n' });
  });

  it('scales to zero after the grace period and the next request wakes the revision', async () => {
    const patch = await kubectl(cluster, ['-n', 'knative-serving', 'patch', 'configmap', 'config-autoscaler', '--type', 'merge', '-p', '{"data":{"stable-window":"6s","scale-to-zero-grace-period":"2s"}}']);
    expect(patch.code).toBe(0);
    await eventually(
      'hello scaled to zero',
      async () => {
        const pods = await kubectl(cluster, ['get', 'pods', '-l', 'serving.knative.dev/service=hello', '-o', 'name']);
        return pods.code === 0 && pods.stdout.trim() === '' ? true : undefined;
      },
      45_000,
      500,
    );
    const woken = await getViaGateway(cluster, host('old-hello'), '/', 30_000);
    expect(woken).toEqual({ status: 200, body: 'Hello World!\n' });
  });
});
