// Runs the Serving control plane in one process: config from the knative-serving config maps, the
// admission hook (local mode), the Service/Configuration/Revision/Route controllers, the
// PodAutoscaler → ServerlessService → Services/Endpoints chain, and revision GC. Scaling itself is
// startAutoscaling's (autoscaler/component.ts); the gateway is startNetworking's.
import type { KubeClient } from '../controller/client.js';
import { type Clock, realClock } from '../controller/clock.js';
import { Controller, silentLogger, type Logger } from '../controller/controller.js';
import { withCachedReads } from '../controller/cached-client.js';
import type { InformerFactory } from '../controller/informer-factory.js';
import type { ConfigMap, Endpoints } from '../controller/kinds.js';
import type { KubeObject } from '../controller/objects.js';
import { Resources } from '../controller/resources.js';
import { ServingConfigStore } from './config-store.js';
import { makeServingControllers } from './controllers.js';
import { CONFIGURATION_LABEL, REVISION_LABEL } from './labels.js';
import { ServingResources as R } from './resources.js';
import { makeRevisionGcReconciler } from './revision/gc-reconciler.js';
import { makePaReconciler } from './sks/pa-reconciler.js';
import { makeSksReconciler } from './sks/sks-reconciler.js';
import { type AdmissionRegistry, registerServingAdmission } from './webhook/admission-hook.js';

/** Namespace of the serving config maps. */
export const SERVING_SYSTEM_NAMESPACE = 'knative-serving';
const PRIVATE_SUFFIX = '-private';

/** Dependencies of {@link startServing}. */
export interface ServingContext {
  client: KubeClient;
  /** Shared informers: this registers its own and calls start() (which only starts new ones). */
  informers: InformerFactory;
  clock?: Clock;
  logger?: Logger;
  /** The API server's admission chain (local mode only; on a real cluster the webhook is separate). */
  admission?: AdmissionRegistry;
}

/** The running Serving controllers. */
export interface Serving {
  config: ServingConfigStore;
  /** Every controller started here, for tests that wait for quiet (whenIdle). */
  controllers: Controller[];
  stop(): Promise<void>;
}

/** Starts the Serving controllers (and admission, when given) and resolves once they run. */
export async function startServing(ctx: ServingContext): Promise<Serving> {
  const clock = ctx.clock ?? realClock;
  const logger = ctx.logger ?? silentLogger;
  const now = () => new Date(clock.now());
  const store = new ServingConfigStore({}, (e) => logger.error(`serving config: ${e.message}; keeping the previous configuration`));
  const unregisterAdmission = ctx.admission ? registerServingAdmission(ctx.admission, () => store.get()) : () => undefined;

  // Reconcilers read through the shared informer caches (writes and lists still go to the API server).
  const client = withCachedReads(ctx.client, ctx.informers);
  const deps = { client, config: () => store.get(), now };
  const serving = makeServingControllers(ctx.informers, deps, logger);

  const pa = new Controller({ name: 'podautoscaler', clock, logger, reconcile: makePaReconciler({ client, now }) });
  pa.watch(ctx.informers.for(R.podAutoscalers));
  pa.watchOwned(ctx.informers.for(R.serverlessServices), 'PodAutoscaler');

  const endpoints = ctx.informers.for<Endpoints>(Resources.endpoints);
  const sks = new Controller({
    name: 'serverlessservice',
    clock,
    logger,
    reconcile: makeSksReconciler({ client, now, getEndpoints: (ns, name) => endpoints.get(ns, name) }),
  });
  sks.watch(ctx.informers.for(R.serverlessServices));
  sks.watchOwned(ctx.informers.for(R.k8sServices), 'ServerlessService');
  sks.watchOwned(endpoints, 'ServerlessService');
  // The private Endpoints (the Endpoints controller's) decide the public ones.
  endpoints.onChange((_t, ep) => {
    const name = ep.metadata?.name ?? '';
    if (name.endsWith(PRIVATE_SUFFIX)) sks.enqueue(`${ep.metadata?.namespace}/${name.slice(0, -PRIVATE_SUFFIX.length)}`);
  });
  // The private Service's selector comes from the Deployment, which may appear after the SKS.
  ctx.informers.for(R.deployments).onChange((_t, d: KubeObject) => {
    const rev = d.metadata?.labels?.[REVISION_LABEL];
    if (rev) sks.enqueue(`${d.metadata?.namespace}/${rev}`);
  });

  const gc = new Controller({
    name: 'revision-gc',
    clock,
    logger,
    reconcile: makeRevisionGcReconciler({ client, gc: () => store.get().gc, now }),
  });
  gc.watch(ctx.informers.for(R.configurations));
  ctx.informers.for(R.revisions).onChange((_t, rev: KubeObject) => {
    const cfg = rev.metadata?.labels?.[CONFIGURATION_LABEL];
    if (cfg) gc.enqueue(`${rev.metadata?.namespace}/${cfg}`);
  });

  const configMaps = ctx.informers.for<ConfigMap>(Resources.configMaps);
  const applyConfigMap = (cm: ConfigMap, deleted: boolean): boolean =>
    cm.metadata?.namespace === SERVING_SYSTEM_NAMESPACE && store.update(cm.metadata?.name ?? '', deleted ? undefined : (cm.data ?? {}));
  configMaps.onChange((type, cm) => {
    if (applyConfigMap(cm, type === 'delete')) serving.resyncAll();
  });

  await ctx.informers.start();
  // Handlers registered before start() saw the initial list; read it again in case they did not.
  for (const cm of configMaps.list(SERVING_SYSTEM_NAMESPACE)) applyConfigMap(cm, false);

  const all = [serving.service, serving.configuration, serving.revision, serving.route, pa, sks, gc];
  for (const c of all) c.start();
  logger.info('serving: controllers started');
  return {
    config: store,
    controllers: all,
    async stop() {
      unregisterAdmission();
      await Promise.all(all.map((c) => c.stop()));
    },
  };
}
