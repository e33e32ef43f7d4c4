// Revision GC as a reconciler over Configurations: lists the Configuration's Revisions, asks the
// pure policy (gc.ts) which to delete, deletes them, and comes back when the oldest time-based
// retention could next expire (the policy is time dependent, so no event would trigger it).
import type { KubeClient } from '../../controller/client.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { isNotFound } from '../../controller/errors.js';
import { splitKey } from '../../controller/objects.js';
import { GC_DISABLED, type GcConfig } from '../config.js';
import { CONFIGURATION_LABEL } from '../labels.js';
import { listObjects, tryGet } from '../reconcile-support.js';
import { ServingResources as R } from '../resources.js';
import type { Configuration, Revision } from '../types.js';
import { revisionsToCollect } from './gc.js';

/** What revision GC needs. */
export interface RevisionGcDeps {
  client: KubeClient;
  gc: () => GcConfig;
  now: () => Date;
}

// Shortest positive retention: when something may become collectable without any event.
function recheckMs(cfg: GcConfig): number | undefined {
  const spans = [cfg.retainSinceCreateTimeMs, cfg.retainSinceLastActiveTimeMs].filter((v) => v !== GC_DISABLED && v > 0);
  return spans.length ? Math.min(...spans) : undefined;
}

/** Reconciles one Configuration key: deletes its collectable Revisions. */
export function makeRevisionGcReconciler(deps: RevisionGcDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const config = await tryGet<Configuration>(deps.client, R.configurations, namespace, name);
    if (!config || config.metadata.deletionTimestamp) return;
    const cfg = deps.gc();
    const revisions = await listObjects<Revision>(deps.client, R.revisions, namespace, `${CONFIGURATION_LABEL}=${name}`);
    for (const doomed of revisionsToCollect(config, revisions, cfg, deps.now())) {
      try {
        await deps.client.delete(R.revisions, namespace, doomed);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    const after = recheckMs(cfg);
    return after === undefined ? undefined : { requeueAfterMs: after };
  };
}
