// Where a local control plane keeps its state. One folder per cluster name.
import { homedir } from 'node:os';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Default data dir: $XDG_DATA_HOME/kn-ts/<name>, else ~/.local/share/kn-ts/<name>. */
export function defaultDataDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'kn-ts', name);
}

/** Files inside a data dir that the start/stop logic shares with the daemon. */
export function localFiles(dataDir: string) {
  return {
    pid: join(dataDir, 'control-plane.pid'),
    state: join(dataDir, 'control-plane.json'),
    log: join(dataDir, 'control-plane.log'),
  };
}

/** The kubeconfig context (and cluster and user entry) written for a local control plane. */
export function contextName(name: string): string {
  return name === 'knative' ? 'knative-local' : `${name}-local`;
}

// A control plane started with --data-dir is found again by name: `kn quickstart local --stop` (or a second
// start) without --data-dir must reach the running one, not report "not running" and leave it behind.
function pointerFile(name: string, env: NodeJS.ProcessEnv): string {
  return `${defaultDataDir(name, env)}.location`;
}

/** The data dir to use: the flag's, else the one last started under this name, else the default. */
export function resolveDataDir(name: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given) return resolve(given);
  try {
    const remembered = readFileSync(pointerFile(name, env), 'utf8').trim();
    if (remembered.startsWith('/') && existsSync(remembered)) return remembered;
  } catch {
    // No pointer: the default.
  }
  return defaultDataDir(name, env);
}

/** Records a non-default data dir under the cluster name (removed again by forgetDataDir). */
export function rememberDataDir(name: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = pointerFile(name, env);
  if (resolve(dataDir) === defaultDataDir(name, env)) return forgetDataDir(name, env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${resolve(dataDir)}\n`, { mode: 0o600 });
}

/** Drops the pointer written by rememberDataDir. */
export function forgetDataDir(name: string, env: NodeJS.ProcessEnv = process.env): void {
  rmSync(pointerFile(name, env), { force: true });
}
