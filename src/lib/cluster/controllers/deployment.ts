// Deployment controller: owns one ReplicaSet per pod template (named <deployment>-<pod-template-hash>),
// rolls from old ReplicaSets to the new one within maxSurge/maxUnavailable (or Recreate), scales,
// prunes history beyond revisionHistoryLimit and reports replica counts and the Available and
// Progressing conditions (with the progress deadline Knative relies on).
import { Controller } from '../../controller/controller.js';
import { isAlreadyExists, isNotFound } from '../../controller/errors.js';
import type { Deployment, ReplicaSet } from '../../controller/kinds.js';
import { controllerOf, controllerRef, deepCopy, splitKey } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import type { BuiltinController, ControllerContext } from './context.js';
import { podTemplateHash } from './pod-template-hash.js';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

type DeploymentCondition = { type: string; status: string; reason?: string; message?: string; lastUpdateTime?: string; lastTransitionTime?: string };

/** Resolves an int-or-percent against a total (percentages round up for surge, down for unavailable). */
export function resolveIntOrPercent(v: number | string | undefined, total: number, roundUp: boolean, dflt: string): number {
  const value = v ?? dflt;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) return Number.parseInt(value, 10) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** maxSurge and maxUnavailable of a Deployment; never both zero (then maxUnavailable is 1). */
export function rollingParams(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = d.spec?.replicas ?? 1;
  const ru = d.spec?.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(ru?.maxSurge as number | string | undefined, replicas, true, '25%');
  let maxUnavailable = resolveIntOrPercent(ru?.maxUnavailable as number | string | undefined, replicas, false, '25%');
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

const revisionOf = (rs: ReplicaSet): number => Number(rs.metadata?.annotations?.[REVISION] ?? 0) || 0;
const specReplicas = (rs: ReplicaSet): number => rs.spec?.replicas ?? 0;
const available = (rs: ReplicaSet): number => rs.status?.availableReplicas ?? 0;

/** Creates the Deployment controller. */
export function createDeploymentController(ctx: ControllerContext): BuiltinController {
  const deployInformer = ctx.informers.for<Deployment>(Resources.deployments);
  const rsInformer = ctx.informers.for<ReplicaSet>(Resources.replicaSets);

  const scale = async (rs: ReplicaSet, replicas: number, d: Deployment): Promise<void> => {
    const ann = rs.metadata?.annotations ?? {};
    const desired = String(d.spec?.replicas ?? 1);
    const maxRep = String((d.spec?.replicas ?? 1) + rollingParams(d).maxSurge);
    if (specReplicas(rs) === replicas && ann[DESIRED] === desired && ann[MAX_REPLICAS] === maxRep) return;
    const next = deepCopy(rs);
    next.spec = { ...next.spec!, replicas };
    next.metadata = { ...next.metadata, annotations: { ...ann, [DESIRED]: desired, [MAX_REPLICAS]: maxRep } };
    await ctx.client.update(Resources.replicaSets, next);
  };

  const reconcile = async (key: string) => {
    const d = deployInformer.getByKey(key);
    if (!d || d.metadata?.deletionTimestamp) return undefined;
    const { namespace } = splitKey(key);
    const uid = d.metadata?.uid;
    const owned = rsInformer.list(namespace, (rs) => controllerOf(rs)?.uid === uid && !rs.metadata?.deletionTimestamp);
    const hash = podTemplateHash(d);
    let newRS = owned.find((rs) => rs.metadata?.labels?.[HASH_LABEL] === hash);
    const olds = owned.filter((rs) => rs !== newRS).sort((a, b) => revisionOf(a) - revisionOf(b));
    const maxOldRevision = olds.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
    const desired = d.spec?.replicas ?? 1;
    const { maxSurge, maxUnavailable } = rollingParams(d);
    const recreate = d.spec?.strategy?.type === 'Recreate';
    let createdName: string | undefined;

    if (!d.spec?.paused) {
      if (!newRS) {
        const oldTotal = olds.reduce((n, rs) => n + specReplicas(rs), 0);
        const initial = recreate ? (oldTotal > 0 ? 0 : desired) : Math.max(0, Math.min(desired, desired + maxSurge - oldTotal));
        newRS = await createReplicaSet(d, hash, maxOldRevision + 1, initial);
        createdName = newRS.metadata?.name;
      } else if (revisionOf(newRS) <= maxOldRevision) {
        // Rolling back to an older template makes it the newest revision again.
        const next = deepCopy(newRS);
        next.metadata = { ...next.metadata, annotations: { ...next.metadata?.annotations, [REVISION]: String(maxOldRevision + 1) } };
        newRS = await ctx.client.update(Resources.replicaSets, next);
      }
      if (recreate) await rolloutRecreate(d, newRS, olds, desired);
      else await rolloutRolling(d, newRS, olds, desired, maxSurge, maxUnavailable);
      await pruneHistory(d, olds);
    }
    // Paused before its first ReplicaSet: nothing to report yet.
    if (!newRS) return undefined;
    return writeDeploymentStatus(d, newRS, olds, desired, maxUnavailable, createdName);
  };

  async function createReplicaSet(d: Deployment, hash: string, revision: number, replicas: number): Promise<ReplicaSet> {
    const tpl = deepCopy(d.spec?.template ?? {});
    const labels = { ...(tpl.metadata?.labels ?? {}), [HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata?.name}-${hash}`,
        namespace: d.metadata?.namespace,
        labels,
        annotations: {
          ...(d.metadata?.annotations ?? {}),
          [REVISION]: String(revision),
          [DESIRED]: String(d.spec?.replicas ?? 1),
          [MAX_REPLICAS]: String((d.spec?.replicas ?? 1) + rollingParams(d).maxSurge),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas,
        minReadySeconds: d.spec?.minReadySeconds,
        selector: { ...d.spec?.selector, matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), [HASH_LABEL]: hash } },
        template: { ...tpl, metadata: { ...tpl.metadata, labels } },
      },
    };
    delete rs.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration'];
    try {
      return await ctx.client.create(Resources.replicaSets, rs);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Ours but not yet in the informer, or a hash collision with someone else's ReplicaSet.
      const existing = await ctx.client.get<ReplicaSet>(Resources.replicaSets, rs.metadata!.namespace!, rs.metadata!.name!);
      if (controllerOf(existing)?.uid === d.metadata?.uid) return existing;
      const next = deepCopy(d);
      next.status = { ...next.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 };
      await ctx.client.updateStatus(Resources.deployments, next);
      throw err;
    }
  }

  async function rolloutRolling(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[], desired: number, maxSurge: number, maxUnavailable: number): Promise<void> {
    const all = [newRS, ...olds];
    const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
    // Scale the new ReplicaSet up within the surge budget, or down to the desired count.
    let newReplicas = specReplicas(newRS);
    if (newReplicas > desired) newReplicas = desired;
    else if (newReplicas < desired) newReplicas += Math.max(0, Math.min(desired + maxSurge - total, desired - newReplicas));
    await scale(newRS, newReplicas, d);

    // Scale old ReplicaSets down while keeping desired - maxUnavailable pods available.
    const oldTotal = olds.reduce((n, rs) => n + specReplicas(rs), 0);
    if (oldTotal === 0) return;
    const minAvailable = desired - maxUnavailable;
    const newUnavailable = Math.max(0, newReplicas - available(newRS));
    const allTotal = newReplicas + oldTotal;
    let budget = allTotal - minAvailable - newUnavailable;
    if (budget <= 0) return;
    const targets = new Map<ReplicaSet, number>(olds.map((rs) => [rs, specReplicas(rs)]));
    // First drop old pods that are not available anyway: removing them costs no availability.
    for (const rs of olds) {
      const unhealthy = Math.max(0, targets.get(rs)! - available(rs));
      const cut = Math.min(budget, unhealthy);
      targets.set(rs, targets.get(rs)! - cut);
      budget -= cut;
    }
    // Then available ones, oldest ReplicaSet first.
    const availableNow = available(newRS) + olds.reduce((n, rs) => n + Math.min(available(rs), targets.get(rs)!), 0);
    let canRemove = Math.max(0, availableNow - minAvailable);
    for (const rs of olds) {
      const cut = Math.min(canRemove, targets.get(rs)!);
      targets.set(rs, targets.get(rs)! - cut);
      canRemove -= cut;
    }
    for (const rs of olds) await scale(rs, targets.get(rs)!, d);
  }

  async function rolloutRecreate(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[], desired: number): Promise<void> {
    for (const rs of olds) await scale(rs, 0, d);
    // New pods only once every old pod is gone.
    const oldPods = olds.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
    if (oldPods === 0) await scale(newRS, desired, d);
  }

  async function pruneHistory(d: Deployment, olds: ReplicaSet[]): Promise<void> {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const idle = olds.filter((rs) => specReplicas(rs) === 0 && (rs.status?.replicas ?? 0) === 0);
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      try {
        await ctx.client.delete(Resources.replicaSets, rs.metadata?.namespace ?? '', rs.metadata?.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  async function writeDeploymentStatus(d: Deployment, newRS: ReplicaSet, olds: ReplicaSet[], desired: number, maxUnavailable: number, createdName?: string) {
    const all = [newRS, ...olds];
    const sum = (f: (rs: ReplicaSet) => number) => all.reduce((n, rs) => n + f(rs), 0);
    const now = new Date(ctx.clock.now()).toISOString();
    const replicas = sum((rs) => rs.status?.replicas ?? 0);
    const updated = newRS.status?.replicas ?? 0;
    const ready = sum((rs) => rs.status?.readyReplicas ?? 0);
    const avail = sum(available);
    const conditions: DeploymentCondition[] = deepCopy((d.status?.conditions ?? []) as DeploymentCondition[]);
    const setCond = (c: DeploymentCondition) => {
      const i = conditions.findIndex((x) => x.type === c.type);
      const old = i >= 0 ? conditions[i]! : undefined;
      if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return;
      const next = { ...c, lastUpdateTime: now, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
      if (i >= 0) conditions[i] = next;
      else conditions.push(next);
    };
    const minAvailable = avail >= desired - maxUnavailable;
    setCond(
      minAvailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    );
    const rsName = newRS.metadata?.name;
    const complete = updated === desired && (newRS.status?.availableReplicas ?? 0) === desired && replicas === desired && (newRS.status?.observedGeneration ?? 0) >= (newRS.metadata?.generation ?? 0);
    const deadlineMs = (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
    const prog = conditions.find((c) => c.type === 'Progressing');
    let requeueAfterMs: number | undefined;
    if (d.spec?.paused) {
      setCond({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    } else if (complete) {
      setCond({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` });
    } else if (createdName) {
      setCond({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${createdName}"` });
    } else {
      const progressed = (d.status?.updatedReplicas ?? 0) !== updated || (d.status?.availableReplicas ?? 0) !== avail || (d.status?.readyReplicas ?? 0) !== ready || d.status?.observedGeneration !== d.metadata?.generation;
      const since = prog?.lastUpdateTime ? Date.parse(prog.lastUpdateTime) : ctx.clock.now();
      if (prog?.reason === 'ProgressDeadlineExceeded') {
        // Stays failed until the rollout moves again.
        if (progressed) setCond({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` });
      } else if (!progressed && prog && ctx.clock.now() - since >= deadlineMs) {
        setCond({ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` });
      } else {
        if (progressed || !prog) {
          const i = conditions.findIndex((c) => c.type === 'Progressing');
          const c = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
          if (i >= 0 && conditions[i]!.reason === c.reason && conditions[i]!.message === c.message) conditions[i] = { ...conditions[i]!, lastUpdateTime: now };
          else setCond(c);
        }
        requeueAfterMs = deadlineMs;
      }
    }
    // The new ReplicaSet's pod-creation failure shows on the Deployment as it does in Kubernetes.
    const failure = newRS.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    const fi = conditions.findIndex((c) => c.type === 'ReplicaFailure');
    if (failure) {
      const c = { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastUpdateTime: now, lastTransitionTime: failure.lastTransitionTime ?? now };
      if (fi < 0) conditions.push(c);
      else if (conditions[fi]!.message !== c.message) conditions[fi] = c;
    } else if (fi >= 0) conditions.splice(fi, 1);
    const next = deepCopy(d);
    next.status = {
      ...d.status,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: avail,
      unavailableReplicas: Math.max(0, sum(specReplicas) - avail),
      conditions: conditions as never,
    };
    if (!next.status.unavailableReplicas) delete next.status.unavailableReplicas;
    await writeStatusIfChanged(ctx.client, Resources.deployments, d, next);
    return requeueAfterMs === undefined ? undefined : { requeueAfterMs };
  }

  const controller = new Controller({ name: 'deployment', clock: ctx.clock, logger: ctx.logger, workers: ctx.workers, reconcile });
  controller.watch(deployInformer);
  controller.watchOwned(rsInformer, 'Deployment');
  return { controller };
}
