// Process entries of the autoscaler and activator components (kind: `node dist/component.js
// autoscaler|activator`). Settings come from the pod environment: the bind address is POD_IP
// (never all interfaces), the activator finds the autoscaler at AUTOSCALER_STAT_ADDRESS, and the
// Kubernetes client uses KUBECONFIG or the in-cluster service account.
import { KubeConfig } from '@kubernetes/client-node';
import { createKubeClient } from '../../controller/http-client.js';
import { InformerFactory } from '../../controller/informer-factory.js';
import { checkBindAddress } from './bind-address.js';
import { startActivatorComponent, startAutoscalerComponent } from './component.js';

/** Where the activator posts stats unless AUTOSCALER_STAT_ADDRESS says otherwise (upstream's Service). */
export const DEFAULT_AUTOSCALER_STAT_ADDRESS = 'autoscaler.knative-serving.svc.cluster.local:8080';

function bindHost(env: NodeJS.ProcessEnv): string {
  const host = env.POD_IP || '127.0.0.1';
  checkBindAddress(host);
  return host;
}

function kubeSetup(): { client: ReturnType<typeof createKubeClient>; informers: InformerFactory } {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  const client = createKubeClient(kc);
  return { client, informers: new InformerFactory(client) };
}

const log = (message: string, error?: unknown): void => {
  process.stderr.write(`${new Date().toISOString()} ${message}${error ? `: ${error instanceof Error ? error.message : String(error)}` : ''}\n`);
};

// Stops on SIGTERM/SIGINT; a start-up failure is `Error: ...` and exit 1.
async function runUntilSignal(start: () => Promise<{ stop(): Promise<void> }>): Promise<void> {
  try {
    const running = await start();
    const stop = (): void => void running.stop().then(() => process.exit(0), () => process.exit(1));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (e) {
    process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

/** The autoscaler process: KPA loop plus the stat server on $POD_IP:8080. */
export function runAutoscaler(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runUntilSignal(async () => startAutoscalerComponent({ ...kubeSetup(), statHost: bindHost(env), log }));
}

/** The activator process: serves held requests on $POD_IP:8012 and reports load to the autoscaler. */
export function runActivator(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runUntilSignal(async () =>
    startActivatorComponent({
      informers: kubeSetup().informers,
      autoscalerStatAddress: env.AUTOSCALER_STAT_ADDRESS || DEFAULT_AUTOSCALER_STAT_ADDRESS,
      host: bindHost(env),
      log,
    }),
  );
}
