// Kubeconfig resolution like kubectl: --kubeconfig, else $KUBECONFIG (colon list, merged), else ~/.kube/config.
// By path, not the package index: the index evaluates every generated API and model (start-up cost).
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { Cluster, Context, User } from '@kubernetes/client-node/dist/config_types.js';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KnError } from './errors.js';

/** Which kubeconfig and which context/cluster inside it. */
export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  /** Environment to read KUBECONFIG/HOME from (tests inject one). */
  env?: NodeJS.ProcessEnv;
}

/** Files kubectl would read, in precedence order. */
export function kubeconfigPaths(opts: KubeconfigOptions): string[] {
  if (opts.kubeconfig) return [opts.kubeconfig];
  const env = opts.env ?? process.env;
  if (env.KUBECONFIG) return env.KUBECONFIG.split(delimiter).filter((p) => p !== '');
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

/** Loads and merges the kubeconfig files, then applies --context/--cluster. */
export function loadKubeConfig(opts: KubeconfigOptions): KubeConfig {
  const kc = new KubeConfig();
  const paths = kubeconfigPaths(opts);
  if (opts.kubeconfig && !existsSync(opts.kubeconfig)) {
    throw new KnError(`cannot load kubeconfig: file '${opts.kubeconfig}' does not exist`, 'NoKubeconfig');
  }
  const present = paths.filter((p) => existsSync(p));
  if (present.length === 0) throw noKubeconfig();
  try {
    mergeFiles(kc, present);
  } catch (e) {
    throw new KnError(`cannot load kubeconfig: ${(e as Error).message}`, 'NoKubeconfig', undefined, e);
  }
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new KnError(`context "${opts.context}" does not exist`, 'NoKubeconfig');
    kc.setCurrentContext(opts.context);
  }
  if (opts.cluster) selectCluster(kc, opts.cluster);
  if (!kc.getCurrentCluster()) throw noKubeconfig();
  return kc;
}

/** Namespace of the current context, if it sets one. */
export function contextNamespace(kc: KubeConfig): string | undefined {
  const ctx = kc.getContextObject(kc.getCurrentContext());
  return ctx?.namespace || undefined;
}

// kubectl's merge rule: the first file that defines a name (or current-context) wins.
function mergeFiles(kc: KubeConfig, paths: string[]): void {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const p of paths) {
    const part = new KubeConfig();
    part.loadFromFile(p);
    for (const c of part.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of part.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of part.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && part.currentContext) currentContext = part.currentContext;
  }
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
}

function selectCluster(kc: KubeConfig, cluster: string): void {
  if (!kc.getCluster(cluster)) throw new KnError(`cluster "${cluster}" does not exist`, 'NoKubeconfig');
  const name = kc.getCurrentContext();
  const contexts = kc.getContexts().map((c) => (c.name === name ? { ...c, cluster } : c));
  kc.loadFromOptions({
    clusters: kc.getClusters(),
    users: kc.getUsers(),
    contexts,
    currentContext: name,
  });
}

function noKubeconfig(): KnError {
  return new KnError('no kubeconfig has been provided, please use a valid configuration to connect to the cluster', 'NoKubeconfig');
}
