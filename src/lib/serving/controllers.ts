// Wires the four serving reconcilers to the controller runtime: which informers feed which work
// queue. Children enqueue their owner; Configurations and Revisions enqueue the Routes of their
// namespace (few per namespace locally, and it keeps traffic resolution level-triggered).
import { Controller, type Logger } from '../controller/controller.js';
import type { InformerFactory } from '../controller/informer-factory.js';
import type { KubeObject } from '../controller/objects.js';
import { makeConfigurationReconciler } from './configuration/reconciler.js';
import { REVISION_LABEL } from './labels.js';
import type { ServingReconcilerDeps } from './reconciler-deps.js';
import { ServingResources as R } from './resources.js';
import { makeRevisionReconciler } from './revision/reconciler.js';
import { makeRouteReconciler } from './route/reconciler.js';
import { makeServiceReconciler } from './service/reconciler.js';

/** The serving controllers, not yet started. */
export interface ServingControllers {
  service: Controller;
  configuration: Controller;
  revision: Controller;
  route: Controller;
  /** Re-reconciles everything config-dependent (call after a ServingConfigStore change). */
  resyncAll(): void;
}

/** Builds the serving controllers over shared informers; start the factory and each controller after. */
export function makeServingControllers(factory: InformerFactory, deps: ServingReconcilerDeps, logger?: Logger): ServingControllers {
  const services = factory.for(R.services);
  const configurations = factory.for(R.configurations);
  const revisions = factory.for(R.revisions);
  const routes = factory.for(R.routes);

  const service = new Controller({ name: 'service', reconcile: makeServiceReconciler(deps), logger });
  service.watch(services);
  service.watchOwned(configurations, 'Service');
  service.watchOwned(routes, 'Service');

  const configuration = new Controller({ name: 'configuration', reconcile: makeConfigurationReconciler(deps), logger });
  configuration.watch(configurations);
  configuration.watchOwned(revisions, 'Configuration');

  const revision = new Controller({ name: 'revision', reconcile: makeRevisionReconciler(deps), logger });
  revision.watch(revisions);
  revision.watchOwned(factory.for(R.deployments), 'Revision');
  revision.watchOwned(factory.for(R.podAutoscalers), 'Revision');
  factory.for(R.pods).onChange((_t, pod: KubeObject) => {
    const rev = pod.metadata?.labels?.[REVISION_LABEL];
    if (rev && pod.metadata?.namespace) revision.enqueue(`${pod.metadata.namespace}/${rev}`);
  });

  const route = new Controller({ name: 'route', reconcile: makeRouteReconciler(deps), logger });
  route.watch(routes);
  route.watchOwned(factory.for(R.ingresses), 'Route');
  route.watchOwned(factory.for(R.k8sServices), 'Route');
  const enqueueRoutesOf = (_t: unknown, obj: KubeObject) => {
    const ns = obj.metadata?.namespace;
    if (ns) for (const r of routes.list(ns)) route.enqueueObject(r);
  };
  configurations.onChange(enqueueRoutesOf);
  revisions.onChange(enqueueRoutesOf);

  const resyncAll = () => {
    for (const s of services.list()) service.enqueueObject(s);
    for (const c of configurations.list()) configuration.enqueueObject(c);
    for (const r of revisions.list()) revision.enqueueObject(r);
    for (const r of routes.list()) route.enqueueObject(r);
  };
  return { service, configuration, revision, route, resyncAll };
}
