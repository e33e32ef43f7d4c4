// Starts the whole local control plane (API server, built-in controllers, node agent, Serving,
// autoscaling, networking, eventing) in-process with startControlPlane, in a temp data dir on a free API
// port and a free gateway port; gives behaviour tests a KUBECONFIG env for the real bundled CLI
// (`node bin/run.js`, built by `npm test`) and kubectl, plus a loopback HTTP helper for the gateway.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startControlPlane, type ControlPlaneOptions, type RunningControlPlane } from '../../src/lib/cluster/local/main.js';

/** Root of the repository (bin/run.js, dist/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A running local control plane for one test file. */
export interface LocalCluster {
  plane: RunningControlPlane;
  dataDir: string;
  gatewayPort: number;
  /** process.env plus KUBECONFIG and a private HOME (kubectl's cache stays in dataDir). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel's pick, released at once). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Options of {@link startLocalCluster}. */
export interface LocalClusterOptions {
  /** Clock of PingSource schedules (eventing), e.g. one that runs minutes in milliseconds. */
  pingClock?: ControlPlaneOptions['pingClock'];
}

/** Starts a control plane in a fresh temp dir; stop() shuts it down (pods too) and removes the dir. */
export async function startLocalCluster(opts: LocalClusterOptions = {}): Promise<LocalCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kn-ts-local-'));
  const gatewayPort = await freePort();
  const plane = await startControlPlane({ name: 'knative', dataDir, gatewayPort, logLevel: 'error', ...(opts.pingClock ? { pingClock: opts.pingClock } : {}) });
  const env = { ...process.env, KUBECONFIG: join(dataDir, 'kubeconfig'), HOME: join(dataDir, 'home'), NO_COLOR: '1' };
  const cluster: LocalCluster = {
    plane,
    dataDir,
    gatewayPort,
    env,
    async stop() {
      // The current plane: a test that restarts the control plane assigns a new one to `plane`.
      await cluster.plane.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Result of one CLI run. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with an argument array (never a shell), bounded by `timeoutMs`. */
export function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    execFile(file, args, { env, cwd: repoRoot, timeout: timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Runs the bundled kn CLI. */
export function kn(cluster: LocalCluster, args: string[], timeoutMs?: number): Promise<RunResult> {
  return run(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], cluster.env, timeoutMs);
}

/** Runs kubectl. */
export function kubectl(cluster: LocalCluster, args: string[], timeoutMs?: number): Promise<RunResult> {
  return run('kubectl', args, cluster.env, timeoutMs);
}

/** One HTTP GET to the gateway with a Host header: status and body. */
export function getViaGateway(cluster: LocalCluster, host: string, path = '/', timeoutMs = 20_000): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = http.get({ host: '127.0.0.1', port: cluster.gatewayPort, path, headers: { host }, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** Polls `probe` until it returns a value (not undefined), at most `limitMs`; the error names `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 30_000, everyMs = 200): Promise<T> {
  const end = Date.now() + limitMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${what}: not reached within ${limitMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
