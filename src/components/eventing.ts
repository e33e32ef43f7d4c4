// The `eventing` component (Deployment knative-eventing/eventing-controller): Eventing's
// reconcilers and its data plane in one process, because the reconcilers program the data plane's
// tables in memory (startEventing): broker ingress + filter, InMemoryChannel dispatcher, PingSource
// adapter. So upstream's eventing-controller, mt-broker-ingress, mt-broker-filter, imc-dispatcher
// and pingsource-mt-adapter are this one Deployment here, with a single replica (two would each
// deliver every ping). The data plane binds loopback; in a pod it is relayed from $POD_IP:
//   $POD_IP:8080 → broker ingress (Service broker-ingress), $POD_IP:8081 → channel dispatcher (Service imc-dispatcher).
import { startEventing } from '../lib/eventing/start.js';
import { componentKube, componentLogger, envPort, podHost, runUntilSignal, type RunningComponent } from './runtime.js';
import { startRelay, type Relay } from './relay.js';

/** Pod ports of the data plane (targetPorts of Services broker-ingress and imc-dispatcher). */
export const BROKER_INGRESS_PORT = 8080;
export const CHANNEL_DISPATCHER_PORT = 8081;

/** Starts the eventing component. */
export async function startEventingComponent(env: NodeJS.ProcessEnv = process.env): Promise<RunningComponent & { ingressPort: number; dispatcherPort: number }> {
  const logger = componentLogger('eventing', env);
  const { client, informers } = componentKube(logger, env);
  const relayed = Boolean(env.POD_IP);
  const ingressPort = envPort(env, 'BROKER_INGRESS_PORT', BROKER_INGRESS_PORT);
  const dispatcherPort = envPort(env, 'CHANNEL_DISPATCHER_PORT', CHANNEL_DISPATCHER_PORT);
  const eventing = await startEventing({
    client,
    informers,
    logger,
    host: '127.0.0.1',
    // In a pod the loopback ports are private (any free one) and relayed; run by hand they are the ports.
    ingressPort: relayed ? 0 : ingressPort,
    dispatcherPort: relayed ? 0 : dispatcherPort,
  });
  const relays: Relay[] = [];
  try {
    if (relayed) {
      relays.push(await startRelay(podHost(env), ingressPort, { host: '127.0.0.1', port: eventing.ingressPort }));
      relays.push(await startRelay(podHost(env), dispatcherPort, { host: '127.0.0.1', port: eventing.dispatcherPort }));
      logger.info(`broker ingress on ${podHost(env)}:${relays[0]!.port}, channel dispatcher on ${podHost(env)}:${relays[1]!.port}`);
    }
  } catch (e) {
    await eventing.stop();
    throw e;
  }
  return {
    ingressPort: relays[0]?.port ?? eventing.ingressPort,
    dispatcherPort: relays[1]?.port ?? eventing.dispatcherPort,
    async stop() {
      for (const r of relays) await r.close();
      await eventing.stop();
      informers.stop();
    },
  };
}

/** Process entry: `node dist/component.js eventing`. */
export function runEventing(): Promise<void> {
  return runUntilSignal(() => startEventingComponent());
}
