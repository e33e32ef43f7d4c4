// Runs the networking layer as one component: the gateway plus the two loops that keep it current.
//
//   KIngress / Service / Endpoints / config-network change ──► key "routes" ──► programRoutes()
//        │                                                       (rebuild from caches, setRoutes)
//        └──► key "ns/name" ──► ingressStatusReconciler() ◄── keys whose outcome changed in the swap
//
// Shared informers: this function registers its four informers on the caller's factory and then
// calls `informers.start()`. That is safe when several components share one factory: start() only
// starts informers not yet running and resolves once every informer handed out so far has listed.
// The factory stays the caller's: stop() here stops the gateway and our controllers, never the
// informers (their handlers then feed shut-down queues, which ignore them).
import type { KubeClient } from '../controller/client.js';
import { realClock, type Clock } from '../controller/clock.js';
import { Controller, silentLogger, type Logger } from '../controller/controller.js';
import type { InformerFactory } from '../controller/informer-factory.js';
import type { ConfigMap, Endpoints, Service } from '../controller/kinds.js';
import { Resources } from '../controller/resources.js';
import { ServingResources } from '../serving/resources.js';
import { createGateway, type Gateway, type NoEndpointsHook } from './gateway.js';
import { CONFIG_NETWORK_NAME, CONFIG_NETWORK_NAMESPACE, ingressClassFromConfig } from './ingress-class.js';
import { ingressStatusReconciler } from './ingress-status.js';
import { programRoutes, ROUTES_KEY, type IngressObject } from './route-programmer.js';

/** Dependencies and settings of {@link startNetworking}. */
export interface NetworkingContext {
  client: KubeClient;
  /** Shared informers; see the contract at the top of this file. */
  informers: InformerFactory;
  clock?: Clock;
  logger?: Logger;
  /** Loopback address of the gateway (default 127.0.0.1). */
  gatewayHost?: string;
  /** Gateway port; 0 picks a free one. */
  gatewayPort: number;
  /** Holds requests for targets without endpoints (the activator's gatewayHook). */
  onNoEndpoints?: NoEndpointsHook;
  /** Default ingress class; when unset, config-network's `ingress-class` (or `ingress.class`), else Kourier's. */
  ingressClass?: string;
}

/** The running networking component. */
export interface Networking {
  gateway: Gateway;
  /** The port the gateway listens on. */
  port: number;
  /** Stops the controllers and closes the gateway (the shared informers keep running). */
  stop(): Promise<void>;
}

/** Starts the gateway and the controllers that program it and report KIngress status. */
export async function startNetworking(ctx: NetworkingContext): Promise<Networking> {
  const clock = ctx.clock ?? realClock;
  const logger = ctx.logger ?? silentLogger;
  const ingresses = ctx.informers.for<IngressObject>(ServingResources.ingresses);
  const services = ctx.informers.for<Service>(Resources.services);
  const endpoints = ctx.informers.for<Endpoints>(Resources.endpoints);
  const configMaps = ctx.informers.for<ConfigMap>(Resources.configMaps);
  const ingressClass = (): string =>
    ctx.ingressClass ?? ingressClassFromConfig(configMaps.get(CONFIG_NETWORK_NAMESPACE, CONFIG_NETWORK_NAME)?.data);

  const gateway = createGateway({
    host: ctx.gatewayHost ?? '127.0.0.1',
    port: ctx.gatewayPort,
    ...(ctx.onNoEndpoints ? { onNoEndpoints: ctx.onNoEndpoints } : {}),
  });

  const status = new Controller({
    name: 'kingress-status',
    clock,
    logger,
    reconcile: ingressStatusReconciler({ client: ctx.client, ingresses, programmed: () => gateway.routes(), ingressClass, clock }),
  });
  const routes = new Controller({
    name: 'gateway-routes',
    clock,
    logger,
    // One worker: the table is a single key, and swaps must happen in order.
    workers: 1,
    reconcile: async () => {
      for (const key of programRoutes({ ingresses, services, endpoints, ingressClass, gateway })) status.enqueue(key);
    },
  });

  const tableChanged = (): void => routes.enqueue(ROUTES_KEY);
  ingresses.onChange(tableChanged);
  services.onChange(tableChanged);
  endpoints.onChange(tableChanged);
  configMaps.onChange((_type, cm) => {
    if (cm.metadata?.namespace !== CONFIG_NETWORK_NAMESPACE || cm.metadata?.name !== CONFIG_NETWORK_NAME) return;
    tableChanged();
    // The class decides which Ingresses are ours: every one may need its status (re)written.
    for (const ing of ingresses.list()) status.enqueueObject(ing);
  });
  status.watch(ingresses);

  await ctx.informers.start();
  // Serve the current state from the first accepted connection on.
  for (const key of programRoutes({ ingresses, services, endpoints, ingressClass, gateway })) status.enqueue(key);
  let port: number;
  try {
    port = (await gateway.listen()).port;
  } catch (err) {
    await Promise.all([routes.stop(), status.stop()]);
    throw err;
  }
  routes.start();
  status.start();
  logger.info(`networking: gateway listening on ${ctx.gatewayHost ?? '127.0.0.1'}:${port}`);

  return {
    gateway,
    port,
    async stop() {
      await Promise.all([routes.stop(), status.stop()]);
      await gateway.close();
    },
  };
}
