// The shape every Kubernetes object shares, plus key helpers. Objects travel as plain JSON
// (timestamps are RFC 3339 strings), so controllers never rely on client-node's Date-typed models.
import type { V1ObjectMeta } from '@kubernetes/client-node';

/** Object metadata as it appears on the wire (timestamps are strings). */
export type ObjectMeta = Omit<V1ObjectMeta, 'creationTimestamp' | 'deletionTimestamp'> & {
  creationTimestamp?: string;
  deletionTimestamp?: string;
};

/** Any Kubernetes object: apiVersion, kind, metadata and whatever else the kind carries. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** Work-queue key of an object: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

/** Splits a key made by objectKey back into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Deep copy of a JSON object, so cached objects are never mutated by a reconciler. */
export function deepCopy<T>(obj: T): T {
  return structuredClone(obj);
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual(ao[k], bo[k]));
}

/** The controller ownerReference of an object, if any. */
export function controllerOf(obj: KubeObject): NonNullable<ObjectMeta['ownerReferences']>[number] | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** An ownerReference marking `owner` as the controller of a dependent. */
export function controllerRef(owner: KubeObject, blockOwnerDeletion = true): NonNullable<ObjectMeta['ownerReferences']>[number] {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion,
  };
}
