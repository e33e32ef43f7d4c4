// Garbage collector over ownerReferences, for every discovered resource (CRDs included):
// - background: a dependent whose owners are all gone is deleted; dangling owner refs are dropped
//   from dependents that still have a live owner;
// - foreground: an owner carrying the `foregroundDeletion` finalizer has its dependents deleted
//   (foreground too), and the finalizer removed once no blocking dependent remains;
// - orphan: an owner carrying the `orphan` finalizer has its ownerReference removed from every
//   dependent, then the finalizer removed.
// Owner absence is confirmed with a live GET, because informers of different kinds lag differently.
import { Controller } from '../../controller/controller.js';
import { isConflict, isNotFound } from '../../controller/errors.js';
import type { Informer } from '../../controller/informer.js';
import { deepCopy, type KubeObject, type ObjectMeta } from '../../controller/objects.js';
import { apiVersionOf, type ResourceRef } from '../../controller/resources.js';
import type { BuiltinController, ControllerContext } from './context.js';
import type { ResourceCatalog } from './resource-catalog.js';

type OwnerRef = NonNullable<ObjectMeta['ownerReferences']>[number];

interface GraphNode {
  ref: ResourceRef;
  namespace: string;
  name: string;
  uid: string;
  owners: OwnerRef[];
  deleting: boolean;
  finalizers: string[];
}

// Kinds that never own or are owned in practice and churn a lot.
const SKIPPED = new Set(['events', 'leases']);

/** Creates the garbage collector; it follows the catalog as resources appear. */
export function createGarbageCollector(ctx: ControllerContext, catalog: ResourceCatalog): BuiltinController {
  const graph = new Map<string, GraphNode>();
  const dependents = new Map<string, Set<string>>();
  const watched = new Set<string>();

  const link = (node: GraphNode) => {
    for (const o of node.owners) {
      let set = dependents.get(o.uid);
      if (!set) dependents.set(o.uid, (set = new Set()));
      set.add(node.uid);
    }
  };
  const unlink = (node: GraphNode) => {
    for (const o of node.owners) {
      const set = dependents.get(o.uid);
      set?.delete(node.uid);
      if (set?.size === 0) dependents.delete(o.uid);
    }
  };

  const toNode = (ref: ResourceRef, obj: KubeObject): GraphNode => ({
    ref,
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    uid: obj.metadata?.uid ?? '',
    owners: obj.metadata?.ownerReferences ?? [],
    deleting: Boolean(obj.metadata?.deletionTimestamp),
    finalizers: obj.metadata?.finalizers ?? [],
  });

  const observe = (ref: ResourceRef, informer: Informer) => {
    informer.onChange((type, obj) => {
      const uid = obj.metadata?.uid;
      if (!uid) return;
      const old = graph.get(uid);
      if (old) unlink(old);
      if (type === 'delete') {
        graph.delete(uid);
        // Its dependents may be orphans now; a foreground owner may be waiting for it.
        for (const d of dependents.get(uid) ?? []) controller.enqueue(d);
        for (const o of old?.owners ?? obj.metadata?.ownerReferences ?? []) controller.enqueue(o.uid);
        return;
      }
      const node = toNode(ref, obj);
      graph.set(uid, node);
      link(node);
      if (node.owners.length || (node.deleting && (node.finalizers.includes('foregroundDeletion') || node.finalizers.includes('orphan')))) controller.enqueue(uid);
      // An owner starting foreground deletion changes what its dependents must do.
      if (node.deleting && !old?.deleting) for (const d of dependents.get(uid) ?? []) controller.enqueue(d);
    });
  };

  const followCatalog = (refs: ResourceRef[]) => {
    for (const ref of refs) {
      const id = `${apiVersionOf(ref)}/${ref.plural}`;
      if (watched.has(id) || SKIPPED.has(ref.plural)) continue;
      watched.add(id);
      const informer = ctx.informers.for(ref);
      observe(ref, informer);
      void informer.start();
    }
  };

  // Owner state from the graph, confirmed against the API when the graph does not know it.
  const ownerState = async (dep: GraphNode, o: OwnerRef): Promise<'present' | 'absent' | 'deleting-foreground'> => {
    const known = graph.get(o.uid);
    if (known) return known.deleting && known.finalizers.includes('foregroundDeletion') ? 'deleting-foreground' : 'present';
    const ref = catalog.byKind(o.apiVersion, o.kind);
    // An owner kind we cannot resolve cannot be proven absent: keep the dependent.
    if (!ref) return 'present';
    try {
      const live = await ctx.client.get(ref, ref.namespaced ? dep.namespace : '', o.name);
      if (live.metadata?.uid !== o.uid) return 'absent';
      const fin = live.metadata?.finalizers ?? [];
      return live.metadata?.deletionTimestamp && fin.includes('foregroundDeletion') ? 'deleting-foreground' : 'present';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      throw err;
    }
  };

  const deleteNode = async (node: GraphNode, policy: 'Background' | 'Foreground') => {
    try {
      await ctx.client.delete(node.ref, node.namespace, node.name, { propagationPolicy: policy, preconditions: { uid: node.uid } });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  };

  const removeFinalizer = async (node: GraphNode, finalizer: string) => {
    try {
      const live = await ctx.client.get(node.ref, node.namespace, node.name);
      if (live.metadata?.uid !== node.uid || !(live.metadata?.finalizers ?? []).includes(finalizer)) return;
      const next = deepCopy(live);
      next.metadata = { ...next.metadata, finalizers: (live.metadata?.finalizers ?? []).filter((f) => f !== finalizer) };
      await ctx.client.update(node.ref, next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };

  const setOwners = async (node: GraphNode, keep: (o: OwnerRef) => boolean) => {
    try {
      const live = await ctx.client.get(node.ref, node.namespace, node.name);
      if (live.metadata?.uid !== node.uid) return;
      const owners = live.metadata?.ownerReferences ?? [];
      const kept = owners.filter(keep);
      if (kept.length === owners.length) return;
      const next = deepCopy(live);
      next.metadata = { ...next.metadata, ownerReferences: kept };
      if (!kept.length) delete next.metadata.ownerReferences;
      await ctx.client.update(node.ref, next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };

  const reconcile = async (uid: string) => {
    const node = graph.get(uid);
    if (!node) return;
    const deps = [...(dependents.get(uid) ?? [])].map((d) => graph.get(d)).filter((d): d is GraphNode => Boolean(d));

    if (node.deleting && node.finalizers.includes('orphan')) {
      for (const d of deps) await setOwners(d, (o) => o.uid !== uid);
      await removeFinalizer(node, 'orphan');
      return;
    }
    if (node.deleting && node.finalizers.includes('foregroundDeletion')) {
      for (const d of deps) if (!d.deleting) await deleteNode(d, 'Foreground');
      const blocking = deps.filter((d) => d.owners.some((o) => o.uid === uid && o.blockOwnerDeletion));
      if (blocking.length === 0) await removeFinalizer(node, 'foregroundDeletion');
      return;
    }
    if (!node.owners.length || node.deleting) return;
    const states = await Promise.all(node.owners.map((o) => ownerState(node, o)));
    if (states.every((s) => s === 'absent')) {
      await deleteNode(node, 'Background');
    } else if (states.some((s) => s === 'absent')) {
      const absent = new Set(node.owners.filter((_o, i) => states[i] === 'absent').map((o) => o.uid));
      await setOwners(node, (o) => !absent.has(o.uid));
    } else if (states.some((s, i) => s === 'deleting-foreground' && node.owners[i]!.blockOwnerDeletion)) {
      await deleteNode(node, 'Foreground');
    }
  };

  const controller = new Controller({ name: 'garbage-collector', clock: ctx.clock, logger: ctx.logger, workers: ctx.workers ?? 4, reconcile });
  catalog.onChange(followCatalog);
  followCatalog(catalog.list());
  return { controller };
}
