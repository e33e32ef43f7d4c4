// Thin typed helpers over the controller runtime's KubeClient for serving reconcilers: serving
// objects are plain JSON, so the casts to KubeObject live here and nowhere else.
import type { KubeClient } from '../controller/client.js';
import { isNotFound } from '../controller/errors.js';
import type { KubeObject } from '../controller/objects.js';
import type { ResourceRef } from '../controller/resources.js';
import { writeStatusIfChanged } from '../controller/status-writer.js';
import { semanticEqual } from './webhook/diff.js';

/** Any object with metadata, as serving builders produce them. */
export type Obj = { metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } };

/** The object, or undefined when it does not exist. */
export async function tryGet<T extends Obj>(client: KubeClient, ref: ResourceRef, namespace: string, name: string): Promise<T | undefined> {
  try {
    return (await client.get(ref, namespace, name)) as unknown as T;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Creates `obj` and returns what the server stored. */
export async function createObject<T extends Obj>(client: KubeClient, ref: ResourceRef, obj: T): Promise<T> {
  return (await client.create(ref, obj as unknown as KubeObject)) as unknown as T;
}

/** Replaces `obj` (optimistic concurrency on its resourceVersion). */
export async function updateObject<T extends Obj>(client: KubeClient, ref: ResourceRef, obj: T): Promise<T> {
  return (await client.update(ref, obj as unknown as KubeObject)) as unknown as T;
}

/** Objects of a resource in a namespace matching a label selector. */
export async function listObjects<T extends Obj>(client: KubeClient, ref: ResourceRef, namespace: string, labelSelector: string): Promise<T[]> {
  return (await client.list(ref, namespace, { labelSelector })).items as unknown as T[];
}

interface ConditionLike {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
  severity?: string;
  lastTransitionTime?: string;
}

const sameState = (a: ConditionLike, b: ConditionLike): boolean =>
  a.status === b.status && (a.reason ?? '') === (b.reason ?? '') && (a.message ?? '') === (b.message ?? '') && (a.severity ?? '') === (b.severity ?? '');

/** Gives every condition that ends a reconcile as it started its original lastTransitionTime back. A
 * reconcile may pass a condition through intermediate states (Ready follows each dependent in
 * turn); without this, each pass would stamp a new time and write (and notify watchers) for nothing. */
export function keepTransitionTimes(original: { conditions?: ConditionLike[] } | undefined, desired: { conditions?: ConditionLike[] } | undefined): void {
  for (const c of desired?.conditions ?? []) {
    const before = original?.conditions?.find((o) => o.type === c.type);
    if (before && sameState(before, c) && before.lastTransitionTime !== undefined) c.lastTransitionTime = before.lastTransitionTime;
  }
}

/** Writes `desired.status` (with observedGeneration) only if it changed from `original`'s. */
export async function writeStatus<T extends Obj & { status?: unknown }>(client: KubeClient, ref: ResourceRef, original: T, desired: T): Promise<void> {
  keepTransitionTimes(original.status as { conditions?: ConditionLike[] } | undefined, desired.status as { conditions?: ConditionLike[] } | undefined);
  await writeStatusIfChanged(client, ref, original as unknown as KubeObject, desired as unknown as KubeObject);
}

/** True when every field set in `want` has the same value in `have` (extra fields in `have` ignored;
 * arrays must have the same length). Used where the API server or another controller adds fields. */
export function isSubset(want: unknown, have: unknown): boolean {
  if (want === undefined || want === null) return true;
  if (Array.isArray(want)) {
    return Array.isArray(have) && want.length === have.length && want.every((w, i) => isSubset(w, have[i]));
  }
  if (typeof want === 'object') {
    if (typeof have !== 'object' || have === null || Array.isArray(have)) return false;
    return Object.entries(want as Record<string, unknown>).every(([k, v]) => isSubset(v, (have as Record<string, unknown>)[k]));
  }
  return want === have;
}

/** How a child's fields are compared: exactly (our own kinds) or as a subset (server-defaulted kinds). */
export type Comparison = 'exact' | 'subset';

/**
 * True when the existing child already carries the desired labels and annotations (others may add
 * their own, e.g. deployment.kubernetes.io/revision) and the desired `fields`.
 */
export function childMatches(
  existing: Obj & Record<string, unknown>,
  desired: Obj & Record<string, unknown>,
  fields: readonly string[],
  comparison: Comparison = 'exact',
): boolean {
  if (!isSubset(desired.metadata?.labels ?? {}, existing.metadata?.labels ?? {})) return false;
  if (!isSubset(desired.metadata?.annotations ?? {}, existing.metadata?.annotations ?? {})) return false;
  return fields.every((f) =>
    comparison === 'exact' ? semanticEqual(existing[f], desired[f]) : isSubset(desired[f], existing[f]),
  );
}

/** A copy of `existing` with the desired labels and annotations merged in and the desired `fields` (status and identity kept). */
export function withDesired<T extends Obj>(existing: T, desired: T, fields: readonly string[]): T {
  const out = structuredClone(existing) as Record<string, unknown> & Obj;
  out.metadata = {
    ...out.metadata,
    labels: { ...(out.metadata?.labels ?? {}), ...(desired.metadata?.labels ?? {}) },
    annotations: { ...(out.metadata?.annotations ?? {}), ...(desired.metadata?.annotations ?? {}) },
  };
  for (const f of fields) out[f] = structuredClone((desired as Record<string, unknown>)[f]);
  return out as unknown as T;
}
