// Writes the node's pod statuses, and only those that change something. "Changes something" is
// judged against the newest stored version the agent knows: the informer's object, or the answer
// to its own last write while the watch event of that write has not arrived yet. Comparing with
// the cached object alone would repeat a write whenever the cache is behind; comparing with the
// last write alone would miss a status someone else changed since.
import type { KubeClient } from '../../controller/client.js';
import { isConflict, isNotFound } from '../../controller/errors.js';
import type { Pod } from '../../controller/kinds.js';
import { jsonEqual } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';

type PodStatus = NonNullable<Pod['status']>;

/** Writes pod statuses through the status subresource, skipping writes that change nothing. */
export class PodStatusWriter {
  // Per pod uid: the stored status and its resourceVersion as returned by our last write.
  private readonly written = new Map<string, { resourceVersion: string; status: PodStatus }>();

  constructor(private readonly client: KubeClient) {}

  /** The top-level status fields where `status` differs from what is stored for `pod` (a cached object). */
  changedFields(pod: Pod, status: PodStatus): string[] {
    const stored = this.stored(pod) as Record<string, unknown>;
    return Object.entries(status)
      .filter(([k, v]) => !jsonEqual(stored[k], v))
      .map(([k]) => k);
  }

  /** Writes `status` unless it equals the stored one. Returns the fields it changed ([] when the
   * write was skipped, or the pod is gone: its DELETE event brings the worker back for cleanup). */
  async write(pod: Pod, status: PodStatus): Promise<string[]> {
    const changed = this.changedFields(pod, status);
    if (!changed.length) return changed;
    const uid = pod.metadata?.uid ?? '';
    let res: Pod;
    try {
      // The uid makes the write a precondition: never onto a new pod that took the old one's name.
      res = await this.client.patch<Pod>(Resources.pods, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', { metadata: { uid }, status }, 'status');
    } catch (err) {
      if (isNotFound(err) || isConflict(err)) return [];
      throw err;
    }
    this.written.set(uid, { resourceVersion: res?.metadata?.resourceVersion ?? '', status: res?.status ?? status });
    return changed;
  }

  /** Drops what is remembered about a pod (it is gone from this node). */
  forget(uid: string): void {
    this.written.delete(uid);
  }

  private stored(pod: Pod): PodStatus {
    const uid = pod.metadata?.uid ?? '';
    const mine = this.written.get(uid);
    if (!mine) return pod.status ?? {};
    if (atLeast(pod.metadata?.resourceVersion, mine.resourceVersion)) {
      // The cache has caught up with our write (or moved past it): it is the newest from now on.
      this.written.delete(uid);
      return pod.status ?? {};
    }
    return mine.status;
  }
}

/** True when resourceVersion `a` is known to be the same as or newer than `b`. Versions are opaque
 * to clients in general; ours (and etcd's) are increasing integers, which is all this relies on. */
export function atLeast(a: string | undefined, b: string): boolean {
  if (a === undefined || a === '') return false;
  if (a === b) return true;
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) >= BigInt(b);
}
