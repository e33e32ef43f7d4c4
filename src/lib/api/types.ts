// Minimal Kubernetes object shapes shared by every API-group client and printer.

/** A status condition as Knative writes it (knative.dev/pkg apis.Condition). */
export interface Condition {
  type: string;
  status: string;
  severity?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** An owner reference (only the fields we read). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

/** Object metadata (only the fields we read or write; the rest passes through). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

/** Status block common to Knative resources. */
export interface KStatus {
  observedGeneration?: number;
  conditions?: Condition[];
  [key: string]: unknown;
}

/** Any Kubernetes object. */
export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: KStatus;
  [key: string]: unknown;
}

/** A typed list (`ServiceList` ...), as `-o json|yaml` prints it. */
export interface KList<T extends KObject = KObject> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Identifies one resource type of an API group: enough to build URLs, kinds and `-o name`. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  /** Lower-case singular used in messages ("service", "revision"). */
  singular: string;
}

/** apiVersion string of a resource type ("serving.knative.dev/v1", "v1" for core). */
export function apiVersionOf(rt: ResourceType): string {
  return rt.group === '' ? rt.version : `${rt.group}/${rt.version}`;
}

/** One event of a watch stream. */
export interface WatchEvent<T extends KObject = KObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** Returns the condition of the given type, if any. */
export function findCondition(obj: { status?: KStatus } | undefined, type: string): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}
