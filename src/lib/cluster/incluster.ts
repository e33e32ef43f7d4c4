// Kubernetes client configuration for the components (the container image's processes).
// Order, as client-go's rest.InClusterConfig plus the usual developer escape hatch:
//   1. KUBECONFIG set: that file (local mode pods, developers running a component by hand);
//   2. KUBERNETES_SERVICE_HOST/PORT set: in-cluster, with the service account's token, ca.crt and
//      namespace read from /var/run/secrets/kubernetes.io/serviceaccount, or from the directory in
//      KN_SERVICEACCOUNT_DIR (tests), or from where the node agent mounted that path (KN_VOLUME_MOUNTS).
// The token file is re-read by client-node on each request, so rotated tokens are picked up.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** Where Kubernetes mounts a pod's service account credentials. */
export const SERVICEACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The directory holding token, ca.crt and namespace for this process. */
export function serviceAccountDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KN_SERVICEACCOUNT_DIR) return env.KN_SERVICEACCOUNT_DIR;
  // Pods run as local processes see their mounts through KN_VOLUME_MOUNTS (node agent volumes.ts).
  if (env.KN_VOLUME_MOUNTS) {
    try {
      const mounts = JSON.parse(env.KN_VOLUME_MOUNTS) as Record<string, string>;
      const local = mounts[SERVICEACCOUNT_DIR];
      if (local) return local;
    } catch {
      // Malformed: fall back to the standard path.
    }
  }
  return SERVICEACCOUNT_DIR;
}

/** The namespace the component runs in (service account namespace file, else POD_NAMESPACE, else the fallback). */
export function componentNamespace(fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYSTEM_NAMESPACE) return env.SYSTEM_NAMESPACE;
  const file = join(serviceAccountDir(env), 'namespace');
  if (existsSync(file)) {
    const ns = readFileSync(file, 'utf8').trim();
    if (ns) return ns;
  }
  return env.POD_NAMESPACE || fallback;
}

/** Loads the client configuration of a component; throws a clear error when none is available. */
export function loadComponentKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  if (env.KUBECONFIG) {
    kc.loadFromFile(env.KUBECONFIG.split(/[:;]/).filter(Boolean)[0]!);
    return kc;
  }
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are unset (set KUBECONFIG to run outside one)');
  }
  const dir = serviceAccountDir(env);
  const tokenFile = join(dir, 'token');
  const caFile = join(dir, 'ca.crt');
  if (!existsSync(tokenFile)) throw new Error(`in-cluster configuration: service account token ${tokenFile} not found`);
  if (!existsSync(caFile)) throw new Error(`in-cluster configuration: CA certificate ${caFile} not found`);
  // IPv6 literals need brackets in a URL.
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  kc.loadFromClusterAndUser(
    { name: 'inCluster', server, caFile, skipTLSVerify: false },
    { name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile } } },
  );
  return kc;
}
