// Service status: ConfigurationsReady and RoutesReady mirror the children; status fields are copied
// up (upstream service_lifecycle plus the status part of the service reconciler).
import type { ConditionManager } from '../../controller/conditions.js';
import { newLivingConditionSet } from '../../controller/conditions.js';
import { manage } from '../lifecycle-support.js';
import type { Condition, Configuration, Route, ServiceStatus, TrafficTarget } from '../types.js';

/** Service conditions. */
export const SERVICE_CONDITIONS = newLivingConditionSet('ConfigurationsReady', 'RoutesReady');

function m(status: ServiceStatus, now: Date): ConditionManager {
  return manage(SERVICE_CONDITIONS, status, now);
}

function mirror(mgr: ConditionManager, type: string, c: Condition | undefined): void {
  if (!c) return;
  if (c.status === 'True') mgr.markTrue(type);
  else if (c.status === 'False') mgr.markFalse(type, c.reason ?? '', c.message ?? '');
  else mgr.markUnknown(type, c.reason ?? '', c.message ?? '');
}

/** Sets missing conditions to Unknown. */
export function initializeServiceConditions(status: ServiceStatus, now: Date): void {
  m(status, now).initializeConditions();
}

/** A Configuration with the Service's name exists but is not ours. */
export function markConfigurationNotOwned(status: ServiceStatus, name: string, now: Date): void {
  m(status, now).markFalse('ConfigurationsReady', 'NotOwned', `There is an existing Configuration ${JSON.stringify(name)} that we do not own.`);
}

/** A Route with the Service's name exists but is not ours. */
export function markRouteNotOwned(status: ServiceStatus, name: string, now: Date): void {
  m(status, now).markFalse('RoutesReady', 'NotOwned', `There is an existing Route ${JSON.stringify(name)} that we do not own.`);
}

/** The BYO revision name is already used by a Revision with another spec. */
export function markRevisionNameTaken(status: ServiceStatus, name: string, now: Date): void {
  m(status, now).markFalse(
    'RoutesReady',
    'RevisionNameTaken',
    `The revision name ${JSON.stringify(name)} is taken by a conflicting Revision, so traffic will not be migrated`,
  );
}

/** Copies Configuration status up, or OutOfDate while it has not observed its generation. */
export function propagateConfigurationStatus(status: ServiceStatus, config: Configuration, now: Date): void {
  const mgr = m(status, now);
  if ((config.metadata.generation ?? 0) !== (config.status?.observedGeneration ?? -1)) {
    mgr.markUnknown('ConfigurationsReady', 'OutOfDate', 'The Configuration is still working to reflect the latest desired specification.');
    return;
  }
  if (config.status?.latestCreatedRevisionName !== undefined) status.latestCreatedRevisionName = config.status.latestCreatedRevisionName;
  if (config.status?.latestReadyRevisionName !== undefined) status.latestReadyRevisionName = config.status.latestReadyRevisionName;
  mirror(mgr, 'ConfigurationsReady', config.status?.conditions?.find((c) => c.type === 'Ready'));
}

/** Copies Route status up (url, address, traffic), or OutOfDate while it has not observed its generation. */
export function propagateRouteStatus(status: ServiceStatus, route: Route, now: Date): void {
  const mgr = m(status, now);
  if ((route.metadata.generation ?? 0) !== (route.status?.observedGeneration ?? -1)) {
    mgr.markUnknown('RoutesReady', 'OutOfDate', 'The Route is still working to reflect the latest desired specification.');
    return;
  }
  if (route.status?.url !== undefined) status.url = route.status.url;
  if (route.status?.address !== undefined) status.address = structuredClone(route.status.address);
  if (route.status?.traffic !== undefined) status.traffic = structuredClone(route.status.traffic);
  mirror(mgr, 'RoutesReady', route.status?.conditions?.find((c) => c.type === 'Ready'));
}

function sameTarget(want: TrafficTarget, got: TrafficTarget): boolean {
  return (
    (want.tag ?? '') === (got.tag ?? '') &&
    (want.revisionName ?? '') === (got.revisionName ?? '') &&
    (want.percent ?? 0) === (got.percent ?? 0) &&
    (want.latestRevision ?? false) === (got.latestRevision ?? false)
  );
}

/**
 * RoutesReady stays Unknown (TrafficNotMigrated) until the Route's status traffic matches its spec
 * with latest-revision targets on the Configuration's latest ready Revision.
 */
export function checkRoutesNotReady(status: ServiceStatus, config: Configuration, route: Route, now: Date): void {
  const mgr = m(status, now);
  if (mgr.getCondition('RoutesReady')?.status !== 'True') return;
  const want = route.spec.traffic ?? [];
  const got = route.status?.traffic ?? [];
  const latestReady = config.status?.latestReadyRevisionName ?? '';
  const notMigrated = () =>
    mgr.markUnknown('RoutesReady', 'TrafficNotMigrated', 'Traffic is not yet migrated to the latest revision.');
  if (want.length !== got.length) return notMigrated();
  for (let i = 0; i < want.length; i++) {
    const w: TrafficTarget = { ...want[i] };
    if (w.latestRevision) {
      if (got[i].revisionName !== latestReady) return notMigrated();
      w.revisionName = got[i].revisionName;
    }
    if (!sameTarget(w, got[i])) return notMigrated();
  }
}
