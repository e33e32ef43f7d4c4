// The single, replaceable client factory (knative/client KnParams.NewServingClient): commands ask it
// for API clients; tests swap it for fakes with setClientFactory(). The default factory imports
// @kubernetes/client-node lazily so commands that never talk to a cluster do not pay for it.
import type { ConnectOptions } from '../api/kube.js';
import type { EventingClient } from '../api/eventing.js';
import type { ServingClient } from '../api/serving.js';

/** API clients for one connection. Eventing clients are added here the same way. */
export interface KnClients {
  /** Namespace of the kubeconfig context, if it sets one. */
  contextNamespace(): string | undefined;
  /** Serving client bound to a namespace ('' = all namespaces, for lists). */
  serving(namespace: string): ServingClient;
  /** Eventing client bound to a namespace ('' = all namespaces); optional only so older test fakes still type-check. */
  eventing?(namespace: string): EventingClient;
}

/** Builds clients from the global connection flags. */
export type ClientFactory = (opts: ConnectOptions) => Promise<KnClients>;

/** The real factory: loads kubeconfig and client-node on first use. */
export const defaultClientFactory: ClientFactory = async (opts) => {
  // Sequential on purpose: jest's ESM runtime fails on concurrent imports sharing a dependency.
  const { connect } = await import('../api/kube.js');
  const { createServingClient } = await import('../api/serving.js');
  const { createEventingClient } = await import('../api/eventing.js');
  const conn = connect(opts);
  return {
    contextNamespace: () => conn.contextNamespace,
    serving: (ns) => createServingClient(conn, ns),
    eventing: (ns) => createEventingClient(conn, ns),
  };
};

let current: ClientFactory = defaultClientFactory;

/** The factory commands use. */
export function clientFactory(): ClientFactory {
  return current;
}

/** Replaces the factory (tests); returns a function restoring the previous one. */
export function setClientFactory(f: ClientFactory): () => void {
  const prev = current;
  current = f;
  return () => {
    current = prev;
  };
}
