// Starts the built-in controllers (our kube-controller-manager): Deployment, ReplicaSet, Endpoints,
// garbage collector, namespace deletion and default ServiceAccounts, over one shared informer set.
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeClient } from '../../controller/client.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { silentLogger, type Logger } from '../../controller/controller.js';
import { createKubeClient } from '../../controller/http-client.js';
import { InformerFactory } from '../../controller/informer-factory.js';
import type { BuiltinController, ControllerContext } from './context.js';
import { createDeploymentController } from './deployment.js';
import { createEndpointsController } from './endpoints.js';
import { createGarbageCollector } from './garbage-collector.js';
import { createNamespaceController } from './namespace.js';
import { createReplicaSetController } from './replicaset.js';
import { crdResource, ResourceCatalog } from './resource-catalog.js';
import { createServiceAccountController } from './serviceaccount.js';

/** Settings of the built-in controllers. */
export interface BuiltinControllersOptions {
  clock?: Clock;
  logger?: Logger;
  /** Workers per controller. */
  workers?: number;
  /** How often discovery is refreshed besides CRD changes. */
  discoveryRefreshMs?: number;
  /** How often a terminating namespace is re-checked while it drains. */
  namespacePollMs?: number;
  /** Use this client instead of one made from the KubeConfig (tests). */
  client?: KubeClient;
}

/** A running set of controllers. */
export interface RunningControllers {
  stop(): Promise<void>;
}

/** Starts every built-in controller against the cluster of `kubeConfig`. */
export async function startBuiltinControllers(kubeConfig: KubeConfig | undefined, opts: BuiltinControllersOptions = {}): Promise<RunningControllers> {
  const client = opts.client ?? createKubeClient(kubeConfig!);
  const clock = opts.clock ?? realClock;
  const logger = opts.logger ?? silentLogger;
  const informers = new InformerFactory(client, { clock, onError: (err) => logger.debug?.(`informer: ${(err as Error)?.message ?? err}`) });
  const ctx: ControllerContext = { client, informers, clock, logger, workers: opts.workers };

  const catalog = new ResourceCatalog(client, clock, opts.discoveryRefreshMs);
  const controllers: BuiltinController[] = [
    createDeploymentController(ctx),
    createReplicaSetController(ctx),
    createEndpointsController(ctx),
    createServiceAccountController(ctx),
  ];
  // Watch CRDs (to rediscover on change) only where the server serves them.
  const discovered = await client.discover();
  const servesCrds = discovered.some((r) => r.plural === crdResource.plural && r.group === crdResource.group);
  await catalog.start(servesCrds ? informers.for(crdResource) : undefined, discovered);
  controllers.push(createNamespaceController(ctx, catalog, opts.namespacePollMs), createGarbageCollector(ctx, catalog));
  await informers.start();
  for (const c of controllers) c.controller.start();

  return {
    stop: async () => {
      catalog.stop();
      informers.stop();
      await Promise.all(controllers.map(async (c) => {
        c.stop?.();
        await c.controller.stop();
      }));
    },
  };
}
