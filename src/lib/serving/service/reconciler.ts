// Service reconciler: owns one Configuration and one Route named like the Service, keeps them as
// desired and copies their status up (upstream pkg/reconciler/service).
import { recordEvent } from '../../controller/events.js';
import { splitKey, type KubeObject } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { isControlledBy } from '../owner.js';
import { childMatches, createObject, tryGet, updateObject, withDesired, writeStatus } from '../reconcile-support.js';
import type { ServingReconcilerDeps } from '../reconciler-deps.js';
import { ServingResources as R } from '../resources.js';
import type { Configuration, Revision, Route, Service } from '../types.js';
import { semanticEqual } from '../webhook/diff.js';
import {
  checkRoutesNotReady,
  initializeServiceConditions,
  markConfigurationNotOwned,
  markRevisionNameTaken,
  markRouteNotOwned,
  propagateConfigurationStatus,
  propagateRouteStatus,
} from './lifecycle.js';
import { makeConfiguration } from './resources/configuration.js';
import { makeRoute } from './resources/route.js';

/** Gets, creates or updates the child; undefined when someone else owns the name. */
async function reconcileChild<T extends Configuration | Route>(
  deps: ServingReconcilerDeps,
  svc: Service,
  ref: typeof R.configurations,
  desired: T,
): Promise<T | undefined> {
  const ns = svc.metadata.namespace ?? '';
  const existing = await tryGet<T>(deps.client, ref, ns, desired.metadata.name ?? '');
  if (!existing) {
    const created = await createObject(deps.client, ref, desired);
    // What `kubectl describe ksvc` lists under Events (upstream's service-controller events).
    const kind = ref === R.configurations ? 'Configuration' : 'Route';
    void recordEvent(deps.client, 'service-controller', svc as unknown as KubeObject, 'Normal', 'Created', `Created ${kind} ${JSON.stringify(desired.metadata.name)}`, deps.now());
    return created;
  }
  if (!isControlledBy(existing, svc.metadata)) return undefined;
  if (childMatches(existing as never, desired as never, ['spec'])) return existing;
  return updateObject(deps.client, ref, withDesired(existing, desired, ['spec']));
}

/** The BYO revision name when a Revision of that name exists with another owner or spec. */
async function revisionNameTaken(deps: ServingReconcilerDeps, config: Configuration): Promise<string | undefined> {
  const name = config.spec.template.metadata?.name;
  if (!name) return undefined;
  const rev = await tryGet<Revision>(deps.client, R.revisions, config.metadata.namespace ?? '', name);
  if (!rev) return undefined;
  const ours = isControlledBy(rev, config.metadata) && semanticEqual(rev.spec, config.spec.template.spec);
  return ours ? undefined : name;
}

/** Reconciles one Service key. */
export function makeServiceReconciler(deps: ServingReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const svc = await tryGet<Service>(deps.client, R.services, namespace, name);
    if (!svc || svc.metadata.deletionTimestamp) return;
    const now = deps.now();
    const desired: Service = structuredClone(svc);
    desired.status ??= {};
    initializeServiceConditions(desired.status, now);

    const config = await reconcileChild(deps, svc, R.configurations, makeConfiguration(svc));
    if (!config) markConfigurationNotOwned(desired.status, name, now);
    else propagateConfigurationStatus(desired.status, config, now);

    // A BYO revision name already used by another Revision would route traffic to the wrong code.
    const taken = config ? await revisionNameTaken(deps, config) : undefined;
    if (taken) {
      markRevisionNameTaken(desired.status, taken, now);
      await writeStatus(deps.client, R.services, svc, desired);
      return;
    }
    const route = await reconcileChild(deps, svc, R.routes, makeRoute(svc));
    if (!route) markRouteNotOwned(desired.status, name, now);
    else {
      propagateRouteStatus(desired.status, route, now);
      if (config) checkRoutesNotReady(desired.status, config, route, now);
    }
    await writeStatus(deps.client, R.services, svc, desired);
  };
}
