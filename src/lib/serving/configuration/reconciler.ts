// Configuration reconciler: stamps out the Revision for the current generation, tracks the latest
// created/ready Revisions and collects old ones per config-gc (upstream configuration + gc).
import type { KubeClient } from '../../controller/client.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { isNotFound } from '../../controller/errors.js';
import { recordEvent } from '../../controller/events.js';
import { splitKey, type KubeObject } from '../../controller/objects.js';
import type { GcConfig } from '../config.js';
import { CONFIGURATION_GENERATION_LABEL, CONFIGURATION_LABEL } from '../labels.js';
import { isControlledBy } from '../owner.js';
import { createObject, listObjects, tryGet, writeStatus } from '../reconcile-support.js';
import type { ServingReconcilerDeps } from '../reconciler-deps.js';
import { ServingResources as R } from '../resources.js';
import { revisionsToCollect } from '../revision/gc.js';
import type { Configuration, Revision } from '../types.js';
import { computeConfigurationStatus, initializeConfigurationConditions, markRevisionCreationFailed } from './lifecycle.js';
import { latestCreatedRevisionName, makeRevision } from './resources/revision.js';

/** Deletes the Revisions config-gc allows to go; a Revision already gone is fine. */
export async function collectRevisions(
  client: KubeClient,
  config: Configuration,
  revisions: readonly Revision[],
  gc: GcConfig,
  now: Date,
): Promise<string[]> {
  // Without a ready Revision nothing is known to be safe to drop.
  if (!config.status?.latestReadyRevisionName) return [];
  const doomed = revisionsToCollect(config, revisions, gc, now);
  for (const name of doomed) {
    try {
      await client.delete(R.revisions, config.metadata.namespace ?? '', name);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return doomed;
}

/** True when `rev` was stamped out by this Configuration for its current generation. */
function isOurs(rev: Revision, config: Configuration): boolean {
  return (
    isControlledBy(rev, config.metadata) &&
    rev.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] === String(config.metadata.generation ?? 0)
  );
}

/** An Event on the Configuration, as upstream's configuration-controller records (best effort). */
function event(deps: ServingReconcilerDeps, config: Configuration, reason: string, message: string): void {
  void recordEvent(deps.client, 'configuration-controller', config as unknown as KubeObject, 'Normal', reason, message, deps.now());
}

/** Reconciles one Configuration key. */
export function makeConfigurationReconciler(deps: ServingReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const config = await tryGet<Configuration>(deps.client, R.configurations, namespace, name);
    if (!config || config.metadata.deletionTimestamp) return;
    const now = deps.now();
    const lcrName = latestCreatedRevisionName(config);
    let lcr = await tryGet<Revision>(deps.client, R.revisions, namespace, lcrName);
    if (lcr && !isOurs(lcr, config)) {
      // The name belongs to another Configuration or generation: report it, create nothing.
      const desired: Configuration = structuredClone(config);
      desired.status ??= {};
      initializeConfigurationConditions(desired.status, now);
      markRevisionCreationFailed(desired.status, `revisions.serving.knative.dev ${JSON.stringify(lcrName)} already exists`, now);
      await writeStatus(deps.client, R.configurations, config, desired);
      return;
    }
    if (!lcr) {
      lcr = await createObject(deps.client, R.revisions, makeRevision(config, now));
      event(deps, config, 'Created', `Created Revision ${JSON.stringify(lcr.metadata.name)}`);
    }
    const revisions = await listObjects<Revision>(deps.client, R.revisions, namespace, `${CONFIGURATION_LABEL}=${name}`);
    const desired: Configuration = structuredClone(config);
    desired.status = computeConfigurationStatus(config, lcr, revisions, now);
    await writeStatus(deps.client, R.configurations, config, desired);
    const lrr = desired.status.latestReadyRevisionName;
    if (lrr && lrr !== config.status?.latestReadyRevisionName) event(deps, config, 'LatestReadyUpdate', `LatestReadyRevisionName updated to ${JSON.stringify(lrr)}`);
    await collectRevisions(deps.client, desired, revisions, deps.config().gc, now);
  };
}
