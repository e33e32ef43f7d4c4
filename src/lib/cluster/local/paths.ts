// Where a local control plane keeps its state. One folder per cluster name.
import { homedir } from 'node:os';
import { join } from 'node:path';

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
