// The `gateway` component (our Kourier equivalent, Deployment 3scale-kourier-gateway in
// kourier-system): programs itself from KIngress objects of our ingress class and proxies to the
// revisions' endpoints. Also reports KIngress status, so in kind "networking" is this component
// alone (the controller does not run it). Requests for a revision without ready pods go to the
// activator (an endpoint of Service knative-serving/activator-service), which holds them during
// the cold start, as upstream's activator does when the SKS is in proxy mode.
import type { Endpoints } from '../lib/controller/kinds.js';
import { Resources } from '../lib/controller/resources.js';
import type { NoEndpointsHook } from '../lib/networking/gateway.js';
import { startNetworking } from '../lib/networking/start.js';
import { NAMESPACE_HEADER, REVISION_HEADER } from '../lib/serving/activator/activator.js';
import type { InformerFactory } from '../lib/controller/informer-factory.js';
import { componentKube, componentLogger, envPort, podHost, runUntilSignal, type RunningComponent } from './runtime.js';
import { startRelay } from './relay.js';

/** Port the gateway answers on in its pod (Kourier's http2 target port). */
export const GATEWAY_PORT = 8080;

/** Routes a request without endpoints to a ready activator endpoint (round-robin), or 503 when none. */
export function activatorHook(informers: InformerFactory, namespace: string, service: string): NoEndpointsHook {
  const endpoints = informers.for<Endpoints>(Resources.endpoints);
  let next = 0;
  return async (target, req) => {
    const addrs: string[] = [];
    for (const subset of endpoints.get(namespace, service)?.subsets ?? []) {
      const port = subset.ports?.find((p) => p.name === 'http' || p.port === 8012)?.port ?? subset.ports?.[0]?.port;
      if (port === undefined) continue;
      for (const a of subset.addresses ?? []) addrs.push(`${a.ip}:${port}`);
    }
    if (addrs.length === 0) return null;
    req.headers[REVISION_HEADER] ??= target.service;
    req.headers[NAMESPACE_HEADER] ??= target.namespace;
    return addrs[next++ % addrs.length]!;
  };
}

/** Starts the gateway component. */
export async function startGatewayComponent(env: NodeJS.ProcessEnv = process.env): Promise<RunningComponent & { port: number }> {
  const logger = componentLogger('gateway', env);
  const { client, informers } = componentKube(logger, env);
  const networking = await startNetworking({
    client,
    informers,
    logger,
    gatewayHost: '127.0.0.1',
    // With no pod IP (run by hand) the gateway itself takes the port; in a pod it is relayed.
    gatewayPort: env.POD_IP ? 0 : envPort(env, 'GATEWAY_PORT', GATEWAY_PORT),
    onNoEndpoints: activatorHook(informers, env.ACTIVATOR_NAMESPACE || 'knative-serving', env.ACTIVATOR_SERVICE || 'activator-service'),
  });
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  if (env.POD_IP) {
    relay = await startRelay(podHost(env), envPort(env, 'GATEWAY_PORT', GATEWAY_PORT), { host: '127.0.0.1', port: networking.port });
    logger.info(`listening on ${podHost(env)}:${relay.port}`);
  }
  return {
    port: relay?.port ?? networking.port,
    async stop() {
      await relay?.close();
      await networking.stop();
      informers.stop();
    },
  };
}

/** Process entry: `node dist/component.js gateway`. */
export function runGateway(): Promise<void> {
  return runUntilSignal(() => startGatewayComponent());
}
