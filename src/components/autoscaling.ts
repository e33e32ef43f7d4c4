// The `autoscaler` and `activator` components: the KPA loop with its stat server, and the
// activator. Same start functions as src/lib/serving/autoscaler/process-main.ts, with the
// component client (KUBECONFIG or the in-cluster service account from any token directory, see
// src/lib/cluster/incluster.ts) and the shared logger. Both bind $POD_IP, never all interfaces.
import { startActivatorComponent, startAutoscalerComponent } from '../lib/serving/autoscaler/component.js';
import { DEFAULT_AUTOSCALER_STAT_ADDRESS } from '../lib/serving/autoscaler/process-main.js';
import { checkBindAddress } from '../lib/serving/autoscaler/bind-address.js';
import { componentKube, componentLogger, podHost, runUntilSignal } from './runtime.js';

function logFn(component: string, env: NodeJS.ProcessEnv): (message: string, error?: unknown) => void {
  const logger = componentLogger(component, env);
  return (message, error) => (error ? logger.error(`${message}: ${error instanceof Error ? error.message : String(error)}`) : logger.info(message));
}

/** Process entry: `node dist/component.js autoscaler` (stat server on $POD_IP:8080). */
export function runAutoscalerComponent(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runUntilSignal(async () => {
    const host = podHost(env);
    checkBindAddress(host);
    const log = logFn('autoscaler', env);
    const running = await startAutoscalerComponent({ ...componentKube(componentLogger('autoscaler', env), env), statHost: host, log });
    log(`stat server on ${host}:${running.statServer.port}`);
    return running;
  });
}

/** Process entry: `node dist/component.js activator` ($POD_IP:8012, stats to AUTOSCALER_STAT_ADDRESS). */
export function runActivatorComponent(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return runUntilSignal(async () => {
    const host = podHost(env);
    checkBindAddress(host);
    const log = logFn('activator', env);
    const { informers } = componentKube(componentLogger('activator', env), env);
    const running = await startActivatorComponent({ informers, autoscalerStatAddress: env.AUTOSCALER_STAT_ADDRESS || DEFAULT_AUTOSCALER_STAT_ADDRESS, host, log });
    log(`serving on ${host}:${running.server.port}`);
    return running;
  });
}
