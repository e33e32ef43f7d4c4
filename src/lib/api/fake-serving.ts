// In-memory ServingClient for unit tests (shares one FakeStore across namespaces).
import { FakeResourceClient, FakeStore } from './fake-resource.js';
import type { ServingClient } from './serving.js';
import { CONFIGURATION, REVISION, ROUTE, SERVICE, type Configuration, type Revision, type Route, type Service } from './serving-types.js';

/** A fake ServingClient whose typed fake clients are exposed for seeding and simulation. */
export interface FakeServingClient extends ServingClient {
  readonly store: FakeStore;
  readonly services: FakeResourceClient<Service>;
  readonly configurations: FakeResourceClient<Configuration>;
  readonly revisions: FakeResourceClient<Revision>;
  readonly routes: FakeResourceClient<Route>;
}

/** Creates a fake ServingClient for a namespace over a (possibly shared) store. */
export function createFakeServingClient(namespace: string, store: FakeStore = new FakeStore()): FakeServingClient {
  return {
    namespace,
    store,
    services: new FakeResourceClient<Service>(store, SERVICE, namespace),
    configurations: new FakeResourceClient<Configuration>(store, CONFIGURATION, namespace),
    revisions: new FakeResourceClient<Revision>(store, REVISION, namespace),
    routes: new FakeResourceClient<Route>(store, ROUTE, namespace),
  };
}
