// ReplicaSet controller: keeps `spec.replicas` live pods for each ReplicaSet. Pods are created from
// the template with generateName and a controller ownerReference; surplus pods are deleted
// preferring the least useful ones (unscheduled, pending, not ready, newest). Status counts
// replicas, ready and available pods.
import { kubeTimestamp } from '../../controller/clock.js';
import { Controller } from '../../controller/controller.js';
import { isNotFound } from '../../controller/errors.js';
import { isPodReady, isPodTerminal, type Pod, type ReplicaSet } from '../../controller/kinds.js';
import { selectorFromLabelSelector } from '../../controller/labels.js';
import { controllerOf, controllerRef, deepCopy, objectKey, splitKey } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import type { BuiltinController, ControllerContext } from './context.js';
import { Expectations } from './expectations.js';

// Pods created or deleted per reconcile at most; the rest follow on the next pass (client-go's burst).
const BURST = 500;

/** Creates the ReplicaSet controller. */
export function createReplicaSetController(ctx: ControllerContext): BuiltinController {
  const rsInformer = ctx.informers.for<ReplicaSet>(Resources.replicaSets);
  const podInformer = ctx.informers.for<Pod>(Resources.pods);
  const expectations = new Expectations(ctx.clock);

  const ownerKey = (pod: Pod): string | undefined => {
    const ref = controllerOf(pod);
    return ref?.kind === 'ReplicaSet' ? `${pod.metadata?.namespace}/${ref.name}` : undefined;
  };

  const controller = new Controller({
    name: 'replicaset',
    clock: ctx.clock,
    logger: ctx.logger,
    workers: ctx.workers,
    reconcile: async (key) => {
      const rs = rsInformer.getByKey(key);
      if (!rs) {
        expectations.delete(key);
        return;
      }
      const { namespace } = splitKey(key);
      const uid = rs.metadata?.uid;
      const pods = podInformer.list(namespace, (p) => controllerOf(p)?.uid === uid);
      const active = pods.filter((p) => !p.metadata?.deletionTimestamp && !isPodTerminal(p));
      const desired = rs.spec?.replicas ?? 1;

      // A ReplicaSet being deleted makes no new pods; GC removes the existing ones.
      let manageError: unknown;
      if (expectations.satisfied(key) && !rs.metadata?.deletionTimestamp) {
        const diff = active.length - desired;
        try {
          if (diff < 0) await createPods(rs, Math.min(-diff, BURST));
          else if (diff > 0) await deletePods(key, rankForDeletion(active).slice(0, Math.min(diff, BURST)));
        } catch (err) {
          manageError = err;
        }
      }

      const selector = selectorFromLabelSelector(rs.spec?.selector);
      const ready = active.filter(isPodReady);
      const next = deepCopy(rs);
      next.status = {
        ...rs.status,
        replicas: active.length,
        fullyLabeledReplicas: active.filter((p) => selector.matches(p.metadata?.labels)).length,
        readyReplicas: ready.length,
        availableReplicas: ready.filter((p) => availableFor(p, rs.spec?.minReadySeconds ?? 0, ctx.clock.now())).length,
      };
      // ReplicaFailure tells the Deployment (and Knative above it) why pods are missing.
      const conditions = ((rs.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[]).filter((c) => c.type !== 'ReplicaFailure');
      if (manageError) {
        const old = rs.status?.conditions?.find((c) => c.type === 'ReplicaFailure');
        const message = (manageError as Error)?.message ?? String(manageError);
        conditions.push({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message, lastTransitionTime: old?.message === message ? old.lastTransitionTime : kubeTimestamp(ctx.clock.now()) });
      }
      next.status.conditions = conditions.length ? (conditions as never) : undefined;
      await writeStatusIfChanged(ctx.client, Resources.replicaSets, rs, next);
      if (manageError) throw manageError;
      // A pod that becomes available only after minReadySeconds needs a later look.
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && next.status.availableReplicas! < ready.length) return { requeueAfterMs: 1000 };
      return undefined;
    },
  });

  async function createPods(rs: ReplicaSet, n: number): Promise<void> {
    const key = objectKey(rs);
    expectations.expect(key, n);
    const tpl = rs.spec?.template ?? {};
    await Promise.all(
      Array.from({ length: n }, async () => {
        const pod: Pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${rs.metadata?.name}-`,
            namespace: rs.metadata?.namespace,
            labels: { ...(tpl.metadata?.labels ?? {}) },
            annotations: { ...(tpl.metadata?.annotations ?? {}) },
            ownerReferences: [controllerRef(rs)],
          },
          spec: deepCopy(tpl.spec ?? { containers: [] }),
        };
        try {
          await ctx.client.create(Resources.pods, pod);
        } catch (err) {
          expectations.creationObserved(key);
          throw err;
        }
      }),
    );
  }

  async function deletePods(key: string, victims: Pod[]): Promise<void> {
    expectations.expect(key, 0, victims.map((p) => p.metadata?.uid ?? ''));
    await Promise.all(
      victims.map(async (p) => {
        try {
          await ctx.client.delete(Resources.pods, p.metadata?.namespace ?? '', p.metadata?.name ?? '', { preconditions: { uid: p.metadata?.uid } });
        } catch (err) {
          expectations.deletionObserved(key, p.metadata?.uid ?? '');
          if (!isNotFound(err)) throw err;
        }
      }),
    );
  }

  controller.watch(rsInformer);
  podInformer.onChange((type, pod, old) => {
    const key = ownerKey(pod) ?? (old ? ownerKey(old) : undefined);
    if (!key) return;
    if (type === 'add') expectations.creationObserved(key);
    if (type === 'delete' || (pod.metadata?.deletionTimestamp && !old?.metadata?.deletionTimestamp)) expectations.deletionObserved(key, pod.metadata?.uid ?? '');
    controller.enqueue(key);
  });
  return { controller };
}

/** Orders pods so the ones to delete first come first (client-go's ActivePods ranking, simplified). */
export function rankForDeletion(pods: Pod[]): Pod[] {
  const phaseRank = (p: Pod) => (p.status?.phase === 'Pending' || !p.status?.phase ? 0 : p.status.phase === 'Unknown' ? 1 : 2);
  const restarts = (p: Pod) => (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return [...pods].sort((a, b) => {
    const sa = a.spec?.nodeName ? 1 : 0;
    const sb = b.spec?.nodeName ? 1 : 0;
    if (sa !== sb) return sa - sb;
    if (phaseRank(a) !== phaseRank(b)) return phaseRank(a) - phaseRank(b);
    const ra = isPodReady(a) ? 1 : 0;
    const rb = isPodReady(b) ? 1 : 0;
    if (ra !== rb) return ra - rb;
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    // Newer pods first: they have done the least work.
    return (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '');
  });
}

function availableFor(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (minReadySeconds <= 0) return true;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const since = ready?.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : now;
  return now - since >= minReadySeconds * 1000;
}
