// Controller ownerReferences from a Serving object to the children it makes.
import type { ObjectMeta, OwnerReference } from './types.js';

/** The controller ownerReference for an object of `kind` in `apiVersion` (blocks owner deletion). */
export function controllerOwnerRef(apiVersion: string, kind: string, meta: ObjectMeta): OwnerReference {
  return { apiVersion, kind, name: meta.name ?? '', uid: meta.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** True when `ref` points at the object with `meta`'s uid as its controller. */
export function isControlledBy(child: { metadata?: ObjectMeta }, owner: ObjectMeta): boolean {
  return (child.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === owner.uid);
}
