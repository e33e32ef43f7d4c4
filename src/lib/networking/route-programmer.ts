// Level-triggered programming of the gateway: one work-queue key stands for "the table", so any
// burst of KIngress/Service/Endpoints/config-network changes collapses into one rebuild from the
// informer caches. After each swap it reports which Ingresses' translation outcome changed, so
// their status is reconciled against a table the gateway is already serving.
import type { Informer } from '../controller/informer.js';
import type { Endpoints, Service } from '../controller/kinds.js';
import type { KubeObject } from '../controller/objects.js';
import type { EndpointsLike } from './endpoints.js';
import { buildRouteTable } from './route-table.js';
import type { IngressResult, KIngress, PlainService, RouteTable } from './types.js';

/** A KIngress as the informer caches it. */
export type IngressObject = KIngress & KubeObject;

/** The single work-queue key of the route table. */
export const ROUTES_KEY = 'routes';

/** Where the table comes from and where it goes. */
export interface RouteProgrammerDeps {
  ingresses: Informer<IngressObject>;
  services: Informer<Service>;
  endpoints: Informer<Endpoints>;
  /** Current default ingress class (config-network or the caller's override). */
  ingressClass: () => string;
  gateway: { setRoutes(table: RouteTable): void; routes(): RouteTable };
}

/** Rebuilds the table from the caches and programs the gateway; returns the Ingress keys whose outcome changed. */
export function programRoutes(deps: RouteProgrammerDeps): string[] {
  const before = deps.gateway.routes();
  const table = buildRouteTable({
    ingresses: deps.ingresses.list(),
    services: deps.services.list().filter(hasIdentity) as PlainService[],
    endpoints: deps.endpoints.list().filter(hasIdentity) as EndpointsLike[],
    ingressClass: deps.ingressClass(),
  });
  deps.gateway.setRoutes(table);
  return changedIngresses(before, table);
}

/** Keys present in `after` whose generation, acceptance or conflicts differ from `before`. */
export function changedIngresses(before: RouteTable, after: RouteTable): string[] {
  const old = new Map(before.ingresses.map((r) => [r.key, r]));
  return after.ingresses.filter((r) => !sameResult(old.get(r.key), r)).map((r) => r.key);
}

function sameResult(a: IngressResult | undefined, b: IngressResult): boolean {
  return (
    a !== undefined &&
    a.generation === b.generation &&
    a.accepted === b.accepted &&
    a.conflictingHosts.length === b.conflictingHosts.length &&
    a.conflictingHosts.every((h, i) => h === b.conflictingHosts[i])
  );
}

// Objects from the API server always carry both; the guard keeps translation's types honest.
function hasIdentity(o: KubeObject): boolean {
  return typeof o.metadata?.name === 'string' && typeof o.metadata?.namespace === 'string';
}
