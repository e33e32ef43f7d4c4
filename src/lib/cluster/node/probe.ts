// One probe attempt: httpGet (2xx/3xx is success), tcpSocket (connect), exec (exit 0). Targets
// default to the pod address; named ports resolve against the container's ports.
import { spawn } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Pod } from '../../controller/kinds.js';

type Container = NonNullable<Pod['spec']>['containers'][number];
/** A container probe spec. */
export type Probe = NonNullable<Container['readinessProbe']>;

/** Outcome of one probe attempt. */
export interface ProbeResult {
  ok: boolean;
  /** Why it failed, for events and status messages. */
  message?: string;
}

/** Resolves a probe port (number, numeric string or container port name). */
export function resolveProbePort(port: number | string | undefined, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined) return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Runs one probe attempt against a container at `podIp`. */
export function runProbe(probe: Probe, container: Container, podIp: string, env: Record<string, string>, cwd?: string): Promise<ProbeResult> {
  const timeoutMs = Math.max(1, probe.timeoutSeconds ?? 1) * 1000;
  if (probe.httpGet) return httpProbe(probe.httpGet, container, podIp, timeoutMs);
  if (probe.tcpSocket) return tcpProbe(probe.tcpSocket.host || podIp, resolveProbePort(probe.tcpSocket.port as number | string, container), timeoutMs);
  if (probe.exec?.command?.length) return execProbe(probe.exec.command, env, timeoutMs, cwd);
  // gRPC probes are not supported: report success rather than holding the pod back forever.
  return Promise.resolve({ ok: true });
}

/** One HTTP GET (probe or lifecycle hook): 2xx/3xx is success. */
export function httpProbe(get: NonNullable<Probe['httpGet']>, container: Container, podIp: string, timeoutMs: number): Promise<ProbeResult> {
  const port = resolveProbePort(get.port as number | string, container);
  if (!port) return Promise.resolve({ ok: false, message: `unknown probe port ${String(get.port)}` });
  const secure = (get.scheme ?? 'HTTP').toUpperCase() === 'HTTPS';
  const headers: Record<string, string> = { 'User-Agent': 'kube-probe/1.30', Accept: '*/*' };
  for (const h of get.httpHeaders ?? []) headers[h.name] = h.value;
  const host = get.host || podIp;
  return new Promise((resolve) => {
    const req = (secure ? https : http).request(
      { host, port, path: get.path || '/', method: 'GET', headers, timeout: timeoutMs, agent: false, rejectUnauthorized: false },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? { ok: true } : { ok: false, message: `HTTP probe failed with statuscode: ${code}` });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      resolve({ ok: false, message: `Get "http://${host}:${port}${get.path || '/'}": context deadline exceeded` });
    });
    req.on('error', (err) => resolve({ ok: false, message: `Get "http://${host}:${port}${get.path || '/'}": ${err.message}` }));
    req.end();
  });
}

function tcpProbe(host: string, port: number | undefined, timeoutMs: number): Promise<ProbeResult> {
  if (!port) return Promise.resolve({ ok: false, message: 'unknown probe port' });
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (r: ProbeResult) => {
      sock.destroy();
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }), timeoutMs);
    sock.on('connect', () => done({ ok: true }));
    sock.on('error', (err) => done({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}

/** One command run (probe or lifecycle hook): exit 0 is success. */
export function execProbe(command: string[], env: Record<string, string>, timeoutMs: number, cwd?: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { env, cwd, stdio: 'ignore', timeout: timeoutMs });
    child.on('error', (err) => resolve({ ok: false, message: err.message }));
    child.on('exit', (code) => resolve(code === 0 ? { ok: true } : { ok: false, message: `command exited with ${code}` }));
  });
}
