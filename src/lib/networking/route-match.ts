// Request → route selection over a route table: host lookup, path prefix, exact headers, weighted split.

import type { IncomingHttpHeaders } from 'node:http';
import type { Route, RouteTable, Split, VirtualHost } from './types.js';

/** Which host maps a listener answers: Kourier's external or internal listener, or both (local mode). */
export type ListenerScope = 'external' | 'internal' | 'all';

/** The virtual host for a normalized host name; in scope "all" the external map is tried first. */
export function findVirtualHost(table: RouteTable, scope: ListenerScope, host: string): VirtualHost | undefined {
  if (scope === 'internal') return table.internal.get(host);
  const vh = table.external.get(host);
  if (vh !== undefined || scope === 'external') return vh;
  return table.internal.get(host);
}

/**
 * The first route whose prefix and header matches fit (routes are pre-sorted, longest prefix first).
 * Plain-Service hosts instead pick the route of the Host header's port, else port 80, else the first.
 */
export function selectRoute(
  vh: VirtualHost,
  path: string,
  headers: IncomingHttpHeaders,
  port: number | undefined,
): Route | undefined {
  const routes = vh.routes;
  if (routes.length > 0 && routes[0].servicePort !== undefined) {
    return routes.find((r) => r.servicePort === port) ?? routes.find((r) => r.servicePort === 80) ?? routes[0];
  }
  for (const r of routes) {
    if (!path.startsWith(r.pathPrefix)) continue;
    if (r.headers.length > 0 && !headersMatch(r.headers, headers)) continue;
    return r;
  }
  return undefined;
}

function headersMatch(want: [string, string][], have: IncomingHttpHeaders): boolean {
  for (const [name, value] of want) {
    if (have[name] !== value) return false;
  }
  return true;
}

/** Weighted-random split: draws rand() in [0, totalWeight) and walks the cumulative weights. */
export function pickSplit(route: Route, rand: () => number): Split | undefined {
  const splits = route.splits;
  if (splits.length <= 1) return splits[0];
  let x = rand() * route.totalWeight;
  for (const s of splits) {
    if (x < s.weight) return s;
    x -= s.weight;
  }
  return splits[splits.length - 1];
}

/** Path part of a request target (origin-form "/p?q" or absolute-form "http://h/p?q"). */
export function requestPath(url: string): string {
  let start = 0;
  if (url.charCodeAt(0) !== 47 /* / */) {
    const scheme = url.indexOf('://');
    if (scheme === -1) return url;
    const slash = url.indexOf('/', scheme + 3);
    if (slash === -1) return '/';
    start = slash;
  }
  const q = url.indexOf('?', start);
  return q === -1 ? (start === 0 ? url : url.slice(start)) : url.slice(start, q);
}

/** Authority of an absolute-form request target ("http://h:1/p" → "h:1"), undefined for origin-form. */
export function absoluteAuthority(url: string): string | undefined {
  if (url.charCodeAt(0) === 47) return undefined;
  const scheme = url.indexOf('://');
  if (scheme === -1) return undefined;
  const end = url.indexOf('/', scheme + 3);
  return end === -1 ? url.slice(scheme + 3) : url.slice(scheme + 3, end);
}

/** Origin-form target of a request ("http://h/p?q" → "/p?q"), unchanged when already origin-form. */
export function originForm(url: string): string {
  if (url.charCodeAt(0) === 47) return url;
  const scheme = url.indexOf('://');
  if (scheme === -1) return url;
  const slash = url.indexOf('/', scheme + 3);
  if (slash === -1) {
    const q = url.indexOf('?', scheme + 3);
    return q === -1 ? '/' : `/${url.slice(q)}`;
  }
  return url.slice(slash);
}
