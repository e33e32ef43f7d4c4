// In-memory EventingClient for unit tests (shares one FakeStore with the fake serving client).
import type { EventingClient } from './eventing.js';
import {
  BROKER,
  CHANNEL,
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
import { FakeResourceClient, FakeStore } from './fake-resource.js';
import type { KList, KObject, ResourceType } from './types.js';

/** A fake EventingClient whose typed fake clients are exposed for seeding and simulation. */
export interface FakeEventingClient extends EventingClient {
  readonly store: FakeStore;
  readonly brokers: FakeResourceClient<Broker>;
  readonly triggers: FakeResourceClient<Trigger>;
  readonly pingSources: FakeResourceClient<PingSource>;
  readonly channels: FakeResourceClient<Channel>;
  readonly subscriptions: FakeResourceClient<Subscription>;
  /** Fake client of any type (seed sink targets such as ksvc or core services). */
  of(rt: ResourceType, namespace?: string): FakeResourceClient<KObject>;
}

/** CRDs the fake reports, kept in the store under a fixed key prefix. */
const CRD_PREFIX = 'customresourcedefinitions//';

/** Seeds a CRD into a fake store (for `source list-types`, `channel list-types`, `source list`). */
export function putFakeCrd(store: FakeStore, crd: CustomResourceDefinition): void {
  store.objects.set(`${CRD_PREFIX}${crd.metadata.name ?? ''}`, structuredClone(crd));
}

/** Creates a fake EventingClient for a namespace over a (possibly shared) store. */
export function createFakeEventingClient(namespace: string, store: FakeStore = new FakeStore()): FakeEventingClient {
  const of = (rt: ResourceType, ns = namespace) => new FakeResourceClient<KObject>(store, rt, ns);
  return {
    namespace,
    store,
    brokers: new FakeResourceClient<Broker>(store, BROKER, namespace),
    triggers: new FakeResourceClient<Trigger>(store, TRIGGER, namespace),
    pingSources: new FakeResourceClient<PingSource>(store, PING_SOURCE, namespace),
    channels: new FakeResourceClient<Channel>(store, CHANNEL, namespace),
    subscriptions: new FakeResourceClient<Subscription>(store, SUBSCRIPTION, namespace),
    of,
    getObject: (rt, ns, name) => of(rt, ns).get(name),
    listObjects: (rt): Promise<KList<KObject>> => of(rt).list(),
    async listCrds(key, value) {
      const crds = [...store.objects.entries()]
        .filter(([k]) => k.startsWith(CRD_PREFIX))
        .map(([, o]) => structuredClone(o) as CustomResourceDefinition)
        .filter((c) => c.metadata.labels?.[key] === value);
      return crds;
    },
  };
}
