// One place that finishes a reconcile's status: stamps observedGeneration and writes the status
// subresource only when it actually changed (knative/pkg reconcile_common), so steady-state
// reconciles cost no writes and cause no watch events.
import type { KubeClient } from './client.js';
import { jsonEqual, type KubeObject } from './objects.js';
import type { ResourceRef } from './resources.js';

/** Sets status.observedGeneration on `desired` and writes its status if it differs from `original`'s.
 * Returns the written object, or undefined when nothing changed. Conflicts surface as ApiError 409. */
export async function writeStatusIfChanged<T extends KubeObject & { status?: unknown }>(client: KubeClient, ref: ResourceRef, original: T, desired: T): Promise<T | undefined> {
  const status = { ...((desired.status as Record<string, unknown> | undefined) ?? {}) };
  if (desired.metadata?.generation !== undefined) status.observedGeneration = desired.metadata.generation;
  desired.status = status;
  if (jsonEqual(original.status ?? {}, status)) return undefined;
  return client.updateStatus(ref, desired);
}
