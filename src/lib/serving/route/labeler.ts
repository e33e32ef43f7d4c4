// Routing-state bookkeeping (upstream route labeler): Revisions a Route lists (its traffic, the
// traffic it still reports, and the latest created Revision of each Configuration it follows, so
// a new Revision is never parked while it starts) are `active` with the Route in their `routes`
// annotation; Revisions it no longer lists lose it and go to `reserve` once no Route lists them.
// Configurations list the Routes that follow them.
import { setRoutingState } from '../configuration/resources/revision.js';
import { ROUTES_ANNOTATION, ROUTING_STATE_LABEL } from '../labels.js';
import type { Configuration, Revision } from '../types.js';

function routesOf(obj: { metadata: { annotations?: Record<string, string> } }): string[] {
  const v = obj.metadata.annotations?.[ROUTES_ANNOTATION];
  return v ? v.split(',').filter((s) => s !== '') : [];
}

function withRoutes<T extends { metadata: { annotations?: Record<string, string> } }>(obj: T, routes: string[]): T {
  const out = structuredClone(obj);
  const anns = { ...(out.metadata.annotations ?? {}) };
  if (routes.length) anns[ROUTES_ANNOTATION] = [...routes].sort().join(',');
  else delete anns[ROUTES_ANNOTATION];
  out.metadata.annotations = anns;
  return out;
}

/** The Revision as it should be labelled for `route`, or undefined when already right. */
export function labelRevision(rev: Revision, route: string, referenced: boolean, now: Date): Revision | undefined {
  const routes = routesOf(rev);
  const has = routes.includes(route);
  const state = rev.metadata.labels?.[ROUTING_STATE_LABEL];
  if (referenced) {
    if (has && state === 'active') return undefined;
    const out = withRoutes(rev, has ? routes : [...routes, route]);
    if (state !== 'active') setRoutingState(out, 'active', now);
    return out;
  }
  if (!has) return undefined;
  const rest = routes.filter((r) => r !== route);
  const out = withRoutes(rev, rest);
  // The last Route left: the Revision goes to reserve (and becomes a GC candidate).
  if (rest.length === 0 && state !== 'reserve') setRoutingState(out, 'reserve', now);
  return out;
}

/** The Configuration with `route` added to or removed from its routes annotation, or undefined. */
export function labelConfiguration(config: Configuration, route: string, referenced: boolean): Configuration | undefined {
  const routes = routesOf(config);
  const has = routes.includes(route);
  if (has === referenced) return undefined;
  return withRoutes(config, referenced ? [...routes, route] : routes.filter((r) => r !== route));
}
