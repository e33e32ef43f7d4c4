// Route reconciler: resolves traffic, labels the Revisions and Configurations it uses, programs
// the KIngress and placeholder Service, and reports URL, traffic and conditions (upstream route).
import type { KubeClient } from '../../controller/client.js';
import type { ReconcileFn } from '../../controller/controller.js';
import type { Service as K8sService } from '../../controller/kinds.js';
import { splitKey } from '../../controller/objects.js';
import type { KIngress } from '../../networking/types.js';
import { CONFIGURATION_LABEL, ROUTES_ANNOTATION } from '../labels.js';
import { isControlledBy } from '../owner.js';
import { childMatches, createObject, listObjects, tryGet, updateObject, withDesired, writeStatus } from '../reconcile-support.js';
import type { ServingReconcilerDeps } from '../reconciler-deps.js';
import { ServingResources as R } from '../resources.js';
import type { Configuration, Revision, Route } from '../types.js';
import { labelConfiguration, labelRevision } from './labeler.js';
import {
  initializeRouteConditions,
  markIngressNotConfigured,
  markIngressNotOwned,
  markServiceNotOwned,
  markTLSNotEnabled,
  markTrafficAssigned,
  markTrafficError,
  propagateIngressStatus,
  TLS_NOT_ENABLED_FOR_CLUSTER_LOCAL_MESSAGE,
} from './lifecycle.js';
import { makeIngress } from './resources/ingress.js';
import { makePlaceholderService } from './resources/placeholder.js';
import { resolveTraffic, statusTraffic, type TrafficConfig } from './resources/traffic.js';
import { isClusterLocal, routeAddressURL, routeURL } from './resources/url.js';

function listsRoute(obj: { metadata: { annotations?: Record<string, string> } }, route: string): boolean {
  return (obj.metadata.annotations?.[ROUTES_ANNOTATION] ?? '').split(',').includes(route);
}

/** Brings routing-state labels in line with what the Route lists (see labeler.ts). */
async function syncLabels(
  client: KubeClient,
  route: Route,
  traffic: TrafficConfig,
  configs: ReadonlyMap<string, Configuration | undefined>,
  now: Date,
): Promise<void> {
  const ns = route.metadata.namespace ?? '';
  const name = route.metadata.name ?? '';
  const listed = new Set<string>(traffic.revisions);
  for (const t of route.status?.traffic ?? []) if (t.revisionName) listed.add(t.revisionName);
  for (const t of route.spec.traffic ?? []) {
    const created = t.configurationName && t.latestRevision ? configs.get(t.configurationName)?.status?.latestCreatedRevisionName : undefined;
    if (created) listed.add(created);
  }
  const listedConfigs = new Set<string>(traffic.configurations);
  for (const t of traffic.targets) if (t.configurationName) listedConfigs.add(t.configurationName);

  for (const rev of await listObjects<Revision>(client, R.revisions, ns, '')) {
    const isListed = listed.has(rev.metadata.name ?? '');
    if (!isListed && !listsRoute(rev, name)) continue;
    const next = labelRevision(rev, name, isListed, now);
    if (next) await updateObject(client, R.revisions, next);
  }
  for (const config of await listObjects<Configuration>(client, R.configurations, ns, '')) {
    const isListed = listedConfigs.has(config.metadata.name ?? '');
    if (!isListed && !listsRoute(config, name)) continue;
    const next = labelConfiguration(config, name, isListed);
    if (next) await updateObject(client, R.configurations, next);
  }
}

async function reconcileIngress(deps: ServingReconcilerDeps, route: Route, traffic: TrafficConfig): Promise<KIngress | 'notOwned'> {
  const desired = makeIngress(route, traffic, deps.config());
  const ns = route.metadata.namespace ?? '';
  const existing = await tryGet<KIngress & { metadata: { ownerReferences?: never[] } }>(deps.client, R.ingresses, ns, desired.metadata.name);
  if (!existing) return createObject(deps.client, R.ingresses, desired);
  if (!isControlledBy(existing as never, route.metadata)) return 'notOwned';
  if (childMatches(existing as never, desired as never, ['spec'])) return existing;
  return updateObject(deps.client, R.ingresses, withDesired(existing, desired as never, ['spec']));
}

async function reconcilePlaceholder(deps: ServingReconcilerDeps, route: Route, ingress: KIngress): Promise<'ok' | 'notOwned'> {
  const name = route.metadata.name ?? '';
  const desired = makePlaceholderService(route, name, ingress.status);
  if (!desired) return 'ok';
  const existing = await tryGet<K8sService>(deps.client, R.k8sServices, route.metadata.namespace ?? '', name);
  if (!existing) {
    await createObject(deps.client, R.k8sServices, desired);
    return 'ok';
  }
  if (!isControlledBy(existing as never, route.metadata)) return 'notOwned';
  // The API server fills clusterIP and friends: compare only what we set.
  const want = desired.spec!;
  const have = existing.spec ?? {};
  if (childMatches(existing as never, desired as never, []) && have.type === want.type && have.externalName === want.externalName) return 'ok';
  const next = structuredClone(existing);
  next.metadata = { ...next.metadata, labels: desired.metadata?.labels, annotations: desired.metadata?.annotations };
  next.spec = { ...have, type: want.type, externalName: want.externalName, ports: want.ports, sessionAffinity: want.sessionAffinity };
  delete next.spec.clusterIP;
  delete next.spec.clusterIPs;
  await updateObject(deps.client, R.k8sServices, next);
  return 'ok';
}

/**
 * The Configuration as its reconciler is about to report it: once the latest created Revision (of
 * the generation the Configuration observed) is Ready, the next Configuration status names it latest
 * ready (computeConfigurationStatus). The Route is enqueued on that Revision event and routes to it
 * right away instead of a Configuration status write later: one control-plane round trip less
 * between a new Revision turning Ready and its first request. Anything else: the Configuration as is.
 */
async function aheadOfConfiguration(
  deps: ServingReconcilerDeps,
  namespace: string,
  config: Configuration | undefined,
  revs: Map<string, Revision | undefined>,
): Promise<Configuration | undefined> {
  const created = config?.status?.latestCreatedRevisionName;
  if (!config || !created || created === config.status?.latestReadyRevisionName) return config;
  if (config.status?.observedGeneration !== config.metadata.generation) return config;
  const rev = revs.has(created) ? revs.get(created) : await tryGet<Revision>(deps.client, R.revisions, namespace, created);
  revs.set(created, rev);
  const ready = rev?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  if (!ready || rev?.metadata.labels?.[CONFIGURATION_LABEL] !== config.metadata.name) return config;
  return { ...config, status: { ...config.status, latestReadyRevisionName: created } };
}

/** Reconciles one Route key. */
export function makeRouteReconciler(deps: ServingReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const route = await tryGet<Route>(deps.client, R.routes, namespace, name);
    if (!route || route.metadata.deletionTimestamp) return;
    const now = deps.now();
    const cfg = deps.config();
    const desired: Route = structuredClone(route);
    desired.status ??= {};
    initializeRouteConditions(desired.status, now);
    desired.status.url = routeURL(route, cfg);
    desired.status.address = { url: routeAddressURL(route) };

    const configs = new Map<string, Configuration | undefined>();
    const revs = new Map<string, Revision | undefined>();
    for (const t of route.spec.traffic ?? []) {
      if (t.configurationName && !configs.has(t.configurationName)) {
        const c = await aheadOfConfiguration(deps, namespace, await tryGet<Configuration>(deps.client, R.configurations, namespace, t.configurationName), revs);
        configs.set(t.configurationName, c);
        const latest = c?.status?.latestReadyRevisionName;
        if (latest && !revs.has(latest)) revs.set(latest, await tryGet<Revision>(deps.client, R.revisions, namespace, latest));
      }
      if (t.revisionName && !revs.has(t.revisionName)) {
        revs.set(t.revisionName, await tryGet<Revision>(deps.client, R.revisions, namespace, t.revisionName));
      }
    }
    const traffic = resolveTraffic(route, { configuration: (_ns, n) => configs.get(n), revision: (_ns, n) => revs.get(n) });
    if (traffic.error) {
      markTrafficError(desired.status, traffic.error, now);
      await writeStatus(deps.client, R.routes, route, desired);
      return;
    }
    markTrafficAssigned(desired.status, now);
    desired.status.traffic = statusTraffic(traffic.targets, (tag) => routeURL(route, cfg, tag));
    await syncLabels(deps.client, route, traffic, configs, now);

    const ingress = await reconcileIngress(deps, route, traffic);
    if (ingress === 'notOwned') {
      markIngressNotOwned(desired.status, name, now);
    } else {
      const observed = (ingress.status?.observedGeneration ?? -1) === (ingress.metadata.generation ?? 0);
      if (!observed) markIngressNotConfigured(desired.status, now);
      else propagateIngressStatus(desired.status, ingress.status?.conditions?.find((c) => c.type === 'Ready') as never, now);
      if ((await reconcilePlaceholder(deps, route, ingress)) === 'notOwned') markServiceNotOwned(desired.status, name, now);
    }
    if (isClusterLocal(route)) markTLSNotEnabled(desired.status, now, TLS_NOT_ENABLED_FOR_CLUSTER_LOCAL_MESSAGE);
    else if (!cfg.network.externalDomainTLS) markTLSNotEnabled(desired.status, now);
    await writeStatus(deps.client, R.routes, route, desired);
  };
}
