// Starts an in-process API server in a temp dir on a free port, with a kubeconfig file for
// kubectl/kn (context `knative-local`) and a ready client-node KubeConfig. Behaviour tests use it.
import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { kubeconfigFor, startApiServer, type ApiServerHandle, type ApiServerOptions } from '../../src/lib/cluster/apiserver/index.js';

/** A running test cluster. */
export interface TestCluster {
  handle: ApiServerHandle;
  dataDir: string;
  kubeconfigPath: string;
  /** process.env plus KUBECONFIG (and a private HOME so kubectl's discovery cache stays in dataDir). */
  env: NodeJS.ProcessEnv;
  kubeConfig: KubeConfig;
  stop(): Promise<void>;
}

/** Starts a fresh cluster; `stop()` shuts it down and removes its directory. */
export async function startTestCluster(opts: Partial<Omit<ApiServerOptions, 'dataDir'>> = {}): Promise<TestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kn-ts-cluster-'));
  const handle = await startApiServer({ dataDir, port: 0, logLevel: 'error', ...opts });
  const kubeconfigPath = join(dataDir, 'kubeconfig');
  const config = kubeconfigFor(handle, 'knative-local', 'default');
  writeFileSync(kubeconfigPath, stringify(config), { mode: 0o600 });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(config));
  const home = join(dataDir, 'home');
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfigPath, HOME: home, KUBECACHEDIR: join(home, 'cache') };
  return {
    handle,
    dataDir,
    kubeconfigPath,
    env,
    kubeConfig,
    async stop() {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
