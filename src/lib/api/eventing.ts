// The Eventing client: one ResourceClient per kind, bound to a namespace (knative/client
// pkg/eventing/v1, pkg/messaging/v1, pkg/sources/v1), plus generic lookups for sinks and source kinds.
import { toKnError } from './errors.js';
import {
  BROKER,
  CHANNEL,
  CRD,
  PING_SOURCE,
  SUBSCRIPTION,
  TRIGGER,
  type Broker,
  type Channel,
  type CustomResourceDefinition,
  type PingSource,
  type Subscription,
  type Trigger,
} from './eventing-types.js';
import type { KubeConnection } from './kube.js';
import { KubeResourceClient } from './kube-resource-client.js';
import type { ResourceClient } from './resource-client.js';
import type { KList, KObject, ResourceType } from './types.js';

/** Typed access to the eventing groups in one namespace ('' = all namespaces, list only). */
export interface EventingClient {
  readonly namespace: string;
  readonly brokers: ResourceClient<Broker>;
  readonly triggers: ResourceClient<Trigger>;
  readonly pingSources: ResourceClient<PingSource>;
  readonly channels: ResourceClient<Channel>;
  readonly subscriptions: ResourceClient<Subscription>;
  /** Any object by type (core group included), e.g. a sink target; NotFound errors as the server words them. */
  getObject(rt: ResourceType, namespace: string, name: string): Promise<KObject>;
  /** Objects of any CRD-backed type in this client's namespace ('' = all). */
  listObjects(rt: ResourceType): Promise<KList<KObject>>;
  /** CRDs carrying label `key=value` (source and channel kinds). */
  listCrds(labelKey: string, labelValue: string): Promise<CustomResourceDefinition[]>;
}

/** Real EventingClient over a cluster connection. */
export function createEventingClient(conn: KubeConnection, namespace: string): EventingClient {
  return {
    namespace,
    brokers: new KubeResourceClient<Broker>(conn, BROKER, namespace),
    triggers: new KubeResourceClient<Trigger>(conn, TRIGGER, namespace),
    pingSources: new KubeResourceClient<PingSource>(conn, PING_SOURCE, namespace),
    channels: new KubeResourceClient<Channel>(conn, CHANNEL, namespace),
    subscriptions: new KubeResourceClient<Subscription>(conn, SUBSCRIPTION, namespace),
    async getObject(rt, ns, name) {
      // Core kinds (a Service sink) too: the resource client addresses /api/v1 for the core group.
      return new KubeResourceClient<KObject>(conn, rt, ns).get(name);
    },
    listObjects: (rt) => new KubeResourceClient<KObject>(conn, rt, namespace).list(),
    async listCrds(key, value) {
      const path = `/apis/${CRD.group}/${CRD.version}/${CRD.plural}`;
      try {
        const res = await conn.request<{ items?: CustomResourceDefinition[] }>({ method: 'GET', path, query: { labelSelector: `${key}=${value}` } });
        return (res.items ?? []).filter((c) => c.metadata.labels?.[key] === value);
      } catch (e) {
        // Not "API not installed": apiextensions is always served, any failure is the server's to tell.
        throw toKnError(e, { server: conn.server });
      }
    },
  };
}
