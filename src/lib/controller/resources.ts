// Identifies a REST resource (group/version/plural) so one generic client, informer and controller
// serve built-in kinds and CRDs alike.

/** A resource type the API server serves, e.g. apps/v1 deployments. */
export interface ResourceRef {
  /** API group, '' for the core group. */
  group: string;
  version: string;
  /** Lower-case plural used in URLs. */
  plural: string;
  kind: string;
  namespaced: boolean;
}

/** Builds a ResourceRef; a tiny helper so the table below reads as data. */
export function resource(group: string, version: string, plural: string, kind: string, namespaced = true): ResourceRef {
  return { group, version, plural, kind, namespaced };
}

/** `apiVersion` field for objects of this resource ("v1" or "group/version"). */
export function apiVersionOf(ref: ResourceRef): string {
  return ref.group === '' ? ref.version : `${ref.group}/${ref.version}`;
}

/** URL path of a collection, an object or its subresource. Namespace is ignored for cluster-scoped resources. */
export function resourcePath(ref: ResourceRef, namespace?: string, name?: string, subresource?: string): string {
  let path = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  if (ref.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${ref.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** Well-known resources used by the built-in controllers and the node agent. */
export const Resources = {
  namespaces: resource('', 'v1', 'namespaces', 'Namespace', false),
  nodes: resource('', 'v1', 'nodes', 'Node', false),
  pods: resource('', 'v1', 'pods', 'Pod'),
  services: resource('', 'v1', 'services', 'Service'),
  endpoints: resource('', 'v1', 'endpoints', 'Endpoints'),
  configMaps: resource('', 'v1', 'configmaps', 'ConfigMap'),
  secrets: resource('', 'v1', 'secrets', 'Secret'),
  serviceAccounts: resource('', 'v1', 'serviceaccounts', 'ServiceAccount'),
  events: resource('', 'v1', 'events', 'Event'),
  deployments: resource('apps', 'v1', 'deployments', 'Deployment'),
  replicaSets: resource('apps', 'v1', 'replicasets', 'ReplicaSet'),
  leases: resource('coordination.k8s.io', 'v1', 'leases', 'Lease'),
} as const;
