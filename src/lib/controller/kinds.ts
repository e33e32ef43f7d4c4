// Wire types of the built-in kinds: client-node's models with Date fields as the RFC 3339 strings
// that actually travel in JSON (we never run objects through client-node's Date deserializer).
import type { V1ConfigMap, V1Deployment, V1Endpoints, V1Namespace, V1Node, V1Pod, V1ReplicaSet, V1Secret, V1Service } from '@kubernetes/client-node';
import type { KubeObject, ObjectMeta } from './objects.js';

/** T with every Date replaced by string, recursively. */
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

type Kind<T> = Omit<Wire<T>, 'metadata'> & { metadata?: ObjectMeta } & KubeObject;

/** core/v1 Pod. */
export type Pod = Kind<V1Pod>;
/** apps/v1 Deployment. */
export type Deployment = Kind<V1Deployment>;
/** apps/v1 ReplicaSet. */
export type ReplicaSet = Kind<V1ReplicaSet>;
/** core/v1 Service. */
export type Service = Kind<V1Service>;
/** core/v1 Endpoints. */
export type Endpoints = Kind<V1Endpoints>;
/** core/v1 Namespace. */
export type Namespace = Kind<V1Namespace>;
/** core/v1 Node. */
export type Node = Kind<V1Node>;
/** core/v1 ConfigMap. */
export type ConfigMap = Kind<V1ConfigMap>;
/** core/v1 Secret. */
export type Secret = Kind<V1Secret>;

/** True when a pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** True when a pod is done for good (Succeeded or Failed). */
export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
