// The Serving client: one ResourceClient per kind, bound to a namespace (knative/client pkg/serving/v1).
import type { KubeConnection } from './kube.js';
import { KubeResourceClient } from './kube-resource-client.js';
import type { ResourceClient } from './resource-client.js';
import {
  CONFIGURATION,
  REVISION,
  ROUTE,
  SERVICE,
  type Configuration,
  type Revision,
  type Route,
  type Service,
} from './serving-types.js';

/** Typed access to serving.knative.dev/v1 in one namespace ('' = all namespaces, list only). */
export interface ServingClient {
  readonly namespace: string;
  readonly services: ResourceClient<Service>;
  readonly configurations: ResourceClient<Configuration>;
  readonly revisions: ResourceClient<Revision>;
  readonly routes: ResourceClient<Route>;
}

/** Real ServingClient over a cluster connection. */
export function createServingClient(conn: KubeConnection, namespace: string): ServingClient {
  return {
    namespace,
    services: new KubeResourceClient<Service>(conn, SERVICE, namespace),
    configurations: new KubeResourceClient<Configuration>(conn, CONFIGURATION, namespace),
    revisions: new KubeResourceClient<Revision>(conn, REVISION, namespace),
    routes: new KubeResourceClient<Route>(conn, ROUTE, namespace),
  };
}
