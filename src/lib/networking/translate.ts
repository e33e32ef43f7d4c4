// Pure translation of KIngress objects (and plain Services) into the gateway's route table.
//
// Listeners: Kourier runs two listeners, external (ExternalIP rules) and internal (ClusterLocal
// rules). The table keeps the two host maps apart; in local mode one gateway port serves both and
// the Host header alone picks the virtual host (external map first, then internal).
//
// Plain Services: local mode has no cluster DNS, so the gateway stands in for it. Every non
// ExternalName Service answers on <svc>.<ns>, <svc>.<ns>.svc and <svc>.<ns>.svc.cluster.local in
// the internal map (a KIngress claiming the same host wins), routing "/" to the Service port named
// by the Host header's port, else port 80, else the Service's first port. An ExternalName Service
// pointing at such a Service is an alias of it.

import { parseGoDurationMs } from './duration.js';
import { normalizeHost, serviceHostNames } from './hosts.js';
import type {
  EndpointsLookup,
  IngressPath,
  IngressResult,
  KIngress,
  PlainService,
  Route,
  RouteTable,
  Split,
  Target,
  VirtualHost,
} from './types.js';

/** Inputs of one translation. */
export interface TranslateInput {
  ingresses: KIngress[];
  services?: PlainService[];
  endpoints: EndpointsLookup;
}

/** Owner prefix of plain-Service virtual hosts ("service:ns/name"); KIngress owners are "ns/name". */
export const PLAIN_SERVICE_OWNER_PREFIX = 'service:';

/** Builds the route table: sorted hosts, longest path prefix first, domain conflicts rejected. */
export function translate(input: TranslateInput): RouteTable {
  const external = new Map<string, VirtualHost>();
  const internal = new Map<string, VirtualHost>();
  const ingresses: IngressResult[] = [];

  for (const ing of sortIngresses(input.ingresses)) {
    const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
    const own = translateIngress(ing, key, input.endpoints);
    const conflicts = [
      ...conflictingHosts(own.external, external, key),
      ...conflictingHosts(own.internal, internal, key),
    ].sort();
    const result: IngressResult = { key, accepted: conflicts.length === 0, conflictingHosts: conflicts };
    if (ing.metadata.generation !== undefined) result.generation = ing.metadata.generation;
    ingresses.push(result);
    if (!result.accepted) continue;
    for (const vh of own.external.values()) external.set(vh.host, vh);
    for (const vh of own.internal.values()) internal.set(vh.host, vh);
  }

  for (const svc of input.services ?? []) {
    for (const vh of translateService(svc, input.endpoints)) {
      if (!internal.has(vh.host)) internal.set(vh.host, vh);
    }
  }
  for (const svc of input.services ?? []) {
    for (const vh of aliasExternalName(svc, internal)) {
      if (!internal.has(vh.host)) internal.set(vh.host, vh);
    }
  }

  return { external: sortedMap(external), internal: sortedMap(internal), ingresses };
}

/** Oldest first (then by key), so the older Ingress keeps a contested host, as first-come in Kourier. */
function sortIngresses(list: KIngress[]): KIngress[] {
  const created = (i: KIngress): number => {
    const t = i.metadata.creationTimestamp;
    return t === undefined ? 0 : new Date(t).getTime() || 0;
  };
  return [...list].sort((a, b) => {
    const d = created(a) - created(b);
    if (d !== 0) return d;
    return compareStrings(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`);
  });
}

function conflictingHosts(own: Map<string, VirtualHost>, taken: Map<string, VirtualHost>, key: string): string[] {
  const out: string[] = [];
  for (const host of own.keys()) {
    const existing = taken.get(host);
    if (existing && existing.owner !== key) out.push(host);
  }
  return out;
}

function translateIngress(
  ing: KIngress,
  key: string,
  endpoints: EndpointsLookup,
): { external: Map<string, VirtualHost>; internal: Map<string, VirtualHost> } {
  const external = new Map<string, VirtualHost>();
  const internal = new Map<string, VirtualHost>();
  for (const rule of ing.spec.rules ?? []) {
    const into = rule.visibility === 'ClusterLocal' ? internal : external;
    const routes = (rule.http?.paths ?? []).map((p) => translatePath(p, endpoints));
    for (const raw of rule.hosts ?? []) {
      const host = normalizeHost(raw);
      if (host === '') continue;
      const vh = into.get(host) ?? { host, owner: key, routes: [] };
      vh.routes.push(...routes);
      into.set(host, vh);
    }
  }
  for (const vh of [...external.values(), ...internal.values()]) vh.routes = sortRoutes(vh.routes);
  return { external, internal };
}

function translatePath(path: IngressPath, endpoints: EndpointsLookup): Route {
  const live = path.splits.filter((s) => (s.percent ?? (path.splits.length === 1 ? 100 : 0)) > 0);
  let splits: Split[] = live.map((s) => ({
    weight: s.percent ?? 100,
    target: makeTarget(s.serviceNamespace, s.serviceName, s.servicePort, endpoints),
    appendHeaders: sortedPairs(s.appendHeaders),
  }));
  if (splits.length === 0 && path.splits.length > 0) {
    // Every split at 0%: keep them with equal weight rather than black-holing the path.
    splits = path.splits.map((s) => ({
      weight: 1,
      target: makeTarget(s.serviceNamespace, s.serviceName, s.servicePort, endpoints),
      appendHeaders: sortedPairs(s.appendHeaders),
    }));
  }
  const route: Route = {
    pathPrefix: normalizePrefix(path.path),
    headers: Object.entries(path.headers ?? {})
      .map(([name, m]): [string, string] => [name.toLowerCase(), m.exact])
      .sort((a, b) => compareStrings(a[0], b[0])),
    appendHeaders: sortedPairs(path.appendHeaders),
    timeoutMs: path.timeout ? (parseGoDurationMs(path.timeout) ?? 0) : 0,
    splits,
    totalWeight: splits.reduce((sum, s) => sum + s.weight, 0),
  };
  if (path.rewriteHost) route.rewriteHost = path.rewriteHost;
  return route;
}

function translateService(svc: PlainService, endpoints: EndpointsLookup): VirtualHost[] {
  if (svc.spec?.type === 'ExternalName') return [];
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return [];
  const owner = `${PLAIN_SERVICE_OWNER_PREFIX}${svc.metadata.namespace}/${svc.metadata.name}`;
  // One route per port with pathPrefix "/"; the gateway chooses by port (see routeForPort).
  const routes: Route[] = ports.map((p) => {
    const target = makeTarget(svc.metadata.namespace, svc.metadata.name, p.port, endpoints, p.name);
    return {
      pathPrefix: '/',
      headers: [],
      appendHeaders: [],
      timeoutMs: 0,
      splits: [{ weight: 100, target, appendHeaders: [] }],
      totalWeight: 100,
      servicePort: p.port,
    };
  });
  return serviceHostNames(svc.metadata.name, svc.metadata.namespace).map((host) => ({ host, owner, routes }));
}

/**
 * An ExternalName Service naming another plain in-cluster Service (an InMemoryChannel's
 * `<name>-kn-channel` → `imc-dispatcher.knative-eventing.svc.cluster.local`) answers on its own
 * names with that Service's routes, as cluster DNS would resolve it. The Host header is kept, so
 * the target tells the aliases apart.
 */
function aliasExternalName(svc: PlainService, internal: Map<string, VirtualHost>): VirtualHost[] {
  if (svc.spec?.type !== 'ExternalName' || !svc.spec.externalName) return [];
  const target = internal.get(normalizeHost(svc.spec.externalName));
  if (target === undefined || !target.owner.startsWith(PLAIN_SERVICE_OWNER_PREFIX)) return [];
  const owner = `${PLAIN_SERVICE_OWNER_PREFIX}${svc.metadata.namespace}/${svc.metadata.name}`;
  return serviceHostNames(svc.metadata.name, svc.metadata.namespace).map((host) => ({ host, owner, routes: target.routes }));
}

function makeTarget(
  namespace: string,
  service: string,
  port: number | string,
  endpoints: EndpointsLookup,
  portName?: string,
): Target {
  const name = (portName ?? (typeof port === 'string' ? port : '')).toLowerCase();
  return {
    key: `${namespace}/${service}:${port}`,
    namespace,
    service,
    port,
    endpoints: [...endpoints(namespace, service, port)].sort(),
    h2c: name === 'http2' || name === 'h2c' || port === 81,
  };
}

/** Longest prefix first; for equal prefixes, routes with more header matches first; else input order. */
function sortRoutes(routes: Route[]): Route[] {
  return routes
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.pathPrefix.length - a.r.pathPrefix.length || b.r.headers.length - a.r.headers.length || a.i - b.i)
    .map((x) => x.r);
}

function normalizePrefix(p: string | undefined): string {
  if (!p) return '/';
  return p.startsWith('/') ? p : `/${p}`;
}

function sortedPairs(rec: Record<string, string> | undefined): [string, string][] {
  return Object.entries(rec ?? {}).sort((a, b) => compareStrings(a[0], b[0]));
}

function sortedMap(m: Map<string, VirtualHost>): Map<string, VirtualHost> {
  return new Map([...m.entries()].sort((a, b) => compareStrings(a[0], b[0])));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
