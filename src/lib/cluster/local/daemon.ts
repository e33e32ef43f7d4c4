// Starts, finds and stops the detached local control plane process.
// The daemon itself (main.ts) owns its pid file; this side only reads it, so a start racing a
// start cannot produce two daemons on one data dir (the second one fails its exclusive create).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localFiles } from './paths.js';

/** What the daemon reports once it is ready (also stored in control-plane.json). */
export interface ControlPlaneState {
  pid: number;
  name: string;
  apiUrl: string;
  caCertPem: string;
  token: string;
  gatewayPort: number;
  dataDir: string;
  startedAt: string;
}

export interface StartOptions {
  name: string;
  dataDir: string;
  gatewayPort: number;
  logLevel: string;
  readyTimeoutMs: number;
}

/** Messages the daemon sends over the IPC channel while it starts. */
export type DaemonMessage =
  | { type: 'progress'; message: string }
  | { type: 'ready'; state: ControlPlaneState }
  | { type: 'failed'; message: string };

/** Root folder of the kn-ts installation, found from wherever this module was loaded (source, bundle or chunk). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot locate the kn-ts installation (package.json not found above the CLI bundle)');
}

/** Path of one of the bundled executables (dist/<name>.js). */
export function distScript(name: string): string {
  return join(packageRoot(), 'dist', `${name}.js`);
}

/** The daemon's entry point. */
export function controlPlaneScript(): string {
  return distScript('control-plane');
}

/** True if a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pid of the running daemon of this data dir, or undefined; removes a stale pid file. */
export function runningPid(dataDir: string): number | undefined {
  const { pid: pidFile } = localFiles(dataDir);
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && looksLikeControlPlane(pid)) return pid;
  rmSync(pidFile, { force: true });
  return undefined;
}

// Guards against a recycled pid belonging to an unrelated process (Linux /proc; elsewhere trust kill 0).
function looksLikeControlPlane(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('control-plane');
  } catch {
    return true;
  }
}

/** The state file written by a ready daemon, if any. */
export function readState(dataDir: string): ControlPlaneState | undefined {
  const { state } = localFiles(dataDir);
  if (!existsSync(state)) return undefined;
  try {
    return JSON.parse(readFileSync(state, 'utf8')) as ControlPlaneState;
  } catch {
    return undefined;
  }
}

/** Spawns the daemon detached and resolves once it reports ready (rejects on failure or timeout). */
export function startDaemon(opts: StartOptions, onProgress: (message: string) => void): Promise<ControlPlaneState> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const logFd = openSync(localFiles(opts.dataDir).log, 'a', 0o600);
  const args = [
    controlPlaneScript(),
    '--name', opts.name,
    '--data-dir', opts.dataDir,
    '--gateway-port', String(opts.gatewayPort),
    '--log-level', opts.logLevel,
  ];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', logFd, logFd, 'ipc'] });
  closeSync(logFd);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      finish(() => reject(new Error(`local control plane not ready after ${Math.round(opts.readyTimeoutMs / 1000)} seconds; see ${localFiles(opts.dataDir).log}`)));
    }, opts.readyTimeoutMs);
    child.on('message', (raw) => {
      const msg = raw as DaemonMessage;
      if (msg.type === 'progress') onProgress(msg.message);
      else if (msg.type === 'ready') finish(() => resolve(msg.state));
      else if (msg.type === 'failed') finish(() => reject(new Error(msg.message)));
    });
    child.on('exit', (code, signal) => {
      finish(() => reject(new Error(`local control plane exited during start-up (${signal ?? `exit code ${code}`}); see ${localFiles(opts.dataDir).log}`)));
    });
    child.on('error', (err) => finish(() => reject(err)));
  });
}

/** Sends SIGTERM, waits for the process to go, SIGKILLs after the grace period. Returns false if none ran. */
export async function stopDaemon(dataDir: string, graceMs = 20_000, pollMs = 50): Promise<boolean> {
  const pid = runningPid(dataDir);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  // A foreign process offers no exit event to wait on; polling its pid is the only portable way.
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, pollMs));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  const files = localFiles(dataDir);
  rmSync(files.pid, { force: true });
  rmSync(files.state, { force: true });
  return true;
}
