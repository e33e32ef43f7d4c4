// One call from a cluster snapshot to the table the gateway serves: keeps only Kourier-class
// KIngresses, resolves Service ports to ready endpoints, translates. The controller wiring calls it
// on every relevant change (KIngress, Service, Endpoints) and hands the result to gateway.setRoutes.

import { makeEndpointsLookup } from './endpoints.js';
import type { EndpointsLike } from './endpoints.js';
import { isKourierIngress, KOURIER_INGRESS_CLASS } from './ingress-reconciler.js';
import { translate } from './translate.js';
import type { KIngress, PlainService, RouteTable } from './types.js';

/** What the cluster holds right now (from informer caches). */
export interface ClusterSnapshot {
  ingresses: KIngress[];
  services: PlainService[];
  endpoints: EndpointsLike[];
  /** config-network `ingress-class` (ingress.class); defaults to Kourier's, as our quickstart sets it. */
  ingressClass?: string;
}

/** The route table for a snapshot; pure and deterministic. */
export function buildRouteTable(s: ClusterSnapshot): RouteTable {
  const cls = s.ingressClass ?? KOURIER_INGRESS_CLASS;
  return translate({
    ingresses: s.ingresses.filter((i) => isKourierIngress(i, cls)),
    services: s.services,
    endpoints: makeEndpointsLookup(s.services, s.endpoints),
  });
}
