// Behaviour: the tutorial flow from a user's shell. `kn quickstart local` starts the daemon
// (detached), `kn service create` goes Ready and the gateway answers; `--stop` keeps the objects
// and a second start serves the same Service again; `--delete` removes everything.
import { jest } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, freePort, getViaGateway, repoRoot, run, type LocalCluster } from '../helpers/local-cluster.js';

const hostName = 'hello.default.127.0.0.1.sslip.io';

let dir: string;
let dataDir: string;
let gatewayPort: number;
let env: NodeJS.ProcessEnv;

const kn = (args: string[], timeoutMs = 60_000) => run(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], env, timeoutMs);
const start = () => kn(['quickstart', 'local', '--data-dir', dataDir, '--gateway-port', String(gatewayPort), '--log-level', 'error']);
// getViaGateway only needs the port.
const gateway = () => ({ gatewayPort }) as LocalCluster;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kn-ts-quickstart-'));
  dataDir = join(dir, 'data');
  gatewayPort = await freePort();
  env = { ...process.env, HOME: dir, KUBECONFIG: join(dir, 'kubeconfig'), NO_COLOR: '1', CI: '1' };
});

afterAll(async () => {
  // Whatever happened above, leave no daemon behind.
  if (existsSync(dataDir)) await kn(['quickstart', 'local', '--data-dir', dataDir, '--delete']);
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('kn quickstart local', () => {
  jest.setTimeout(90_000);

  it('starts the control plane and serves a created Service through the gateway', async () => {
    const up = await start();
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const created = await kn(['service', 'create', 'hello', '--image', 'gcr.io/knative-samples/helloworld-go', '--env', 'TARGET=World']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`http://${hostName}`);
    expect(await getViaGateway(gateway(), hostName)).toEqual({ status: 200, body: 'Hello World!\n' });
  });

  it('keeps objects across --stop and serves them again after the next start', async () => {
    const stop = await kn(['quickstart', 'local', '--data-dir', dataDir, '--stop']);
    expect(stop.code).toBe(0);
    expect(stop.stdout).toContain('stopped');
    expect((await start()).code).toBe(0);
    const body = await eventually('hello served after restart', async () => {
      const r = await getViaGateway(gateway(), hostName);
      return r.status === 200 ? r.body : undefined;
    });
    expect(body).toBe('Hello World!\n');
  });

  it('--delete stops the daemon and removes its data', async () => {
    const del = await kn(['quickstart', 'local', '--data-dir', dataDir, '--delete']);
    expect(del.code).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });
});
