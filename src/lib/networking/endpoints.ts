// Builds the EndpointsLookup that translation needs from core/v1 Services and Endpoints, the way
// kube-proxy resolves a Service port: match the Service port (by number, or by name for a named
// port), then take the Endpoints port of the same name from every subset, with ready addresses only.

import type { EndpointsLookup, PlainService } from './types.js';

/** The part of a core/v1 Endpoints object used here (structurally a V1Endpoints subset). */
export interface EndpointsLike {
  metadata: { name: string; namespace: string };
  subsets?: { addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }[];
}

/** A lookup over a snapshot of Services and Endpoints; unknown Services or ports resolve to []. */
export function makeEndpointsLookup(services: PlainService[], endpoints: EndpointsLike[]): EndpointsLookup {
  const svcByKey = new Map(services.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
  const epByKey = new Map(endpoints.map((e) => [`${e.metadata.namespace}/${e.metadata.name}`, e]));
  return (namespace, name, port) => {
    const key = `${namespace}/${name}`;
    const svc = svcByKey.get(key);
    const ep = epByKey.get(key);
    if (svc === undefined || ep === undefined) return [];
    const ports = svc.spec?.ports ?? [];
    const sp = ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
    if (sp === undefined) return [];
    const out: string[] = [];
    for (const subset of ep.subsets ?? []) {
      const eps = subset.ports ?? [];
      // A single-port Service may leave its port unnamed on both sides.
      const match = eps.find((p) => (p.name ?? '') === (sp.name ?? '')) ?? (ports.length === 1 && eps.length === 1 ? eps[0] : undefined);
      if (match === undefined) continue;
      for (const a of subset.addresses ?? []) out.push(`${a.ip}:${match.port}`);
    }
    return out;
  };
}
