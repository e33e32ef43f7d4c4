// A KubeClient whose get() answers from the shared informer cache when the resource has a synced
// informer (upstream reconcilers read through listers the same way): on a loaded single-process
// control plane every API round trip is several event-loop turns, and a create-to-ready chain makes
// dozens of them. A cache miss still asks the API server, so an object created a moment ago (not yet
// in the cache) is never taken for missing and created twice. A stale hit is harmless: writes carry
// its resourceVersion, the API server answers 409 and the controller retries once the watch caught up.
// list() by label selector is answered the same way (stale is as harmless: every reconciler is
// level-triggered and re-runs on the watch event that brings the news). Field-selected lists, writes
// and watches go to the API server unchanged.
import type { KubeClient, ListResult } from './client.js';
import type { InformerFactory } from './informer-factory.js';
import { parseSelector } from './labels.js';
import type { KubeObject } from './objects.js';
import { apiVersionOf, type ResourceRef } from './resources.js';

/** Wraps `client` so get() and list() read `factory`'s synced caches first (deep copies: callers may mutate them). */
export function withCachedReads(client: KubeClient, factory: InformerFactory): KubeClient {
  return {
    get: async <T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T> => {
      const informer = factory.existing<T>(ref);
      const cached = informer?.hasSynced ? informer.get(namespace, name) : undefined;
      // Typed like the API's answer (list items in the cache may lack apiVersion/kind).
      if (cached) return { ...structuredClone(cached), apiVersion: apiVersionOf(ref), kind: ref.kind };
      return client.get<T>(ref, namespace, name);
    },
    list: async <T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string, opts?: { labelSelector?: string; fieldSelector?: string }): Promise<ListResult<T>> => {
      const informer = factory.existing<T>(ref);
      if (!informer?.hasSynced || opts?.fieldSelector) return client.list<T>(ref, namespace, opts);
      const selector = parseSelector(opts?.labelSelector);
      const items = informer.list(namespace, (o) => selector.matches(o.metadata?.labels));
      // No collection resourceVersion: these lists are for reading, not for starting a watch.
      return { items: items.map((o) => ({ ...structuredClone(o), apiVersion: apiVersionOf(ref), kind: ref.kind })), resourceVersion: '' };
    },
    create: (ref, obj) => client.create(ref, obj),
    update: (ref, obj, subresource) => client.update(ref, obj, subresource),
    updateStatus: (ref, obj) => client.updateStatus(ref, obj),
    patch: (ref, namespace, name, patch, subresource) => client.patch(ref, namespace, name, patch, subresource),
    delete: (ref, namespace, name, opts) => client.delete(ref, namespace, name, opts),
    discover: () => client.discover(),
    watch: (ref, namespace, opts, onEvent, onClose) => client.watch(ref, namespace, opts, onEvent, onClose),
  };
}
