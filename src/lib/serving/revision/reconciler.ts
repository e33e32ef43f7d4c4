// Revision reconciler: keeps the Deployment and PodAutoscaler of a Revision as desired and derives
// the Revision's conditions from them and, while it is not up, from its pods (upstream revision).
import type { ReconcileFn } from '../../controller/controller.js';
import type { Deployment, Pod } from '../../controller/kinds.js';
import { splitKey } from '../../controller/objects.js';
import { REVISION_UID_LABEL } from '../labels.js';
import { isControlledBy } from '../owner.js';
import { childMatches, createObject, listObjects, tryGet, updateObject, withDesired, writeStatus } from '../reconcile-support.js';
import type { ServingReconcilerDeps } from '../reconciler-deps.js';
import { ServingResources as R } from '../resources.js';
import type { PodAutoscaler, Revision } from '../types.js';
import {
  initializeRevisionConditions,
  markResourceNotOwned,
  markRevisionDeploying,
  propagateAutoscalerStatus,
  propagateDeploymentStatus,
  propagatePodStatus,
  type DeploymentConditionLike,
  type PodStatusLike,
} from './lifecycle.js';
import { makeDeployment } from './resources/deployment.js';
import { makePodAutoscaler } from './resources/pa.js';

/** Creates or updates the Deployment; the autoscaler owns replicas, so they are never reset. */
async function reconcileDeployment(deps: ServingReconcilerDeps, rev: Revision): Promise<Deployment | 'notOwned' | 'created'> {
  const desired = makeDeployment(rev, deps.config());
  const ns = rev.metadata.namespace ?? '';
  const existing = await tryGet<Deployment>(deps.client, R.deployments, ns, desired.metadata?.name ?? '');
  if (!existing) {
    await createObject(deps.client, R.deployments, desired);
    return 'created';
  }
  if (!isControlledBy(existing as never, rev.metadata)) return 'notOwned';
  desired.spec!.replicas = existing.spec?.replicas;
  // The API server defaults many Deployment fields: only what we set has to match.
  if (childMatches(existing as never, desired as never, ['spec'], 'subset')) return existing;
  return updateObject(deps.client, R.deployments, withDesired(existing, desired, ['spec']));
}

/** Creates or updates the PodAutoscaler (spec and annotations; its status is the autoscaler's). */
async function reconcilePA(deps: ServingReconcilerDeps, rev: Revision): Promise<PodAutoscaler | 'notOwned'> {
  const desired = makePodAutoscaler(rev, deps.config());
  const ns = rev.metadata.namespace ?? '';
  const existing = await tryGet<PodAutoscaler>(deps.client, R.podAutoscalers, ns, desired.metadata.name ?? '');
  if (!existing) return createObject(deps.client, R.podAutoscalers, desired);
  if (!isControlledBy(existing, rev.metadata)) return 'notOwned';
  if (childMatches(existing as never, desired as never, ['spec'])) return existing;
  return updateObject(deps.client, R.podAutoscalers, withDesired(existing, desired, ['spec']));
}

function deploymentAvailable(d: Deployment): boolean {
  return (d.status?.availableReplicas ?? 0) > 0;
}

/** Reconciles one Revision key. */
export function makeRevisionReconciler(deps: ServingReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const rev = await tryGet<Revision>(deps.client, R.revisions, namespace, name);
    if (!rev || rev.metadata.deletionTimestamp) return;
    const now = deps.now();
    const desired: Revision = structuredClone(rev);
    desired.status ??= {};
    initializeRevisionConditions(desired.status, now);

    const deployment = await reconcileDeployment(deps, rev);
    if (deployment === 'notOwned') {
      markResourceNotOwned(desired.status, 'Deployment', `${name}-deployment`, now);
    } else if (deployment === 'created') {
      markRevisionDeploying(desired.status, now);
    } else {
      propagateDeploymentStatus(desired.status, deployment.status as { conditions?: DeploymentConditionLike[] }, now);
      if (!deploymentAvailable(deployment)) {
        // Nothing serves yet: a pod may say why (crash, image, scheduling).
        const pods = await listObjects<Pod>(deps.client, R.pods, namespace, `${REVISION_UID_LABEL}=${rev.metadata.uid ?? ''}`);
        if (pods[0]?.status) propagatePodStatus(desired.status, pods[0].status as PodStatusLike, now);
      }
    }

    const pa = await reconcilePA(deps, rev);
    if (pa === 'notOwned') markResourceNotOwned(desired.status, 'PodAutoscaler', name, now);
    else propagateAutoscalerStatus(desired.status, pa.status, now);
    await writeStatus(deps.client, R.revisions, rev, desired);
  };
}
