// Hosts and URLs of a Route and its tags (spec §8): domain-template over config-domain, tag-template
// for tag hosts, cluster-local visibility forcing svc.cluster.local and the default template.
import {
  CLUSTER_LOCAL_DOMAIN,
  DEFAULT_DOMAIN_TEMPLATE,
  lookupDomain,
  type ServingConfig,
} from '../../config.js';
import { renderHostTemplate } from '../../host-template.js';
import { VISIBILITY_CLUSTER_LOCAL, VISIBILITY_LABEL } from '../../labels.js';
import type { Route } from '../../types.js';

/** True when the Route is only reachable inside the cluster. */
export function isClusterLocal(route: Route): boolean {
  return route.metadata.labels?.[VISIBILITY_LABEL] === VISIBILITY_CLUSTER_LOCAL;
}

/** Host name of a tag before the domain template: tag-template over (tag, route name). */
export function tagHostName(route: Route, tag: string, cfg: ServingConfig): string {
  return renderHostTemplate(cfg.network.tagTemplate, { Tag: tag, Name: route.metadata.name ?? '' });
}

/** Fully qualified host for `name` (the route name, or a tag host name). */
export function routeDomain(route: Route, name: string, cfg: ServingConfig): string {
  const local = isClusterLocal(route);
  const domain = local ? CLUSTER_LOCAL_DOMAIN : lookupDomain(cfg.domain, route.metadata.labels ?? {});
  const template = local ? DEFAULT_DOMAIN_TEMPLATE : cfg.network.domainTemplate;
  return renderHostTemplate(template, {
    Name: name,
    Namespace: route.metadata.namespace ?? '',
    Domain: domain,
    Annotations: route.metadata.annotations ?? {},
  });
}

/** Host of the Route's default target, or of a tag when given. */
export function routeHost(route: Route, cfg: ServingConfig, tag?: string): string {
  return routeDomain(route, tag ? tagHostName(route, tag, cfg) : (route.metadata.name ?? ''), cfg);
}

/** URL scheme for external URLs: config-network's, or http for cluster-local Routes. */
export function urlScheme(route: Route, cfg: ServingConfig): string {
  return isClusterLocal(route) ? 'http' : cfg.network.defaultExternalScheme;
}

/** `status.url` (or a tag's URL). */
export function routeURL(route: Route, cfg: ServingConfig, tag?: string): string {
  return `${urlScheme(route, cfg)}://${routeHost(route, cfg, tag)}`;
}

/** The cluster-local hostnames of a K8s Service name: `n.ns`, `n.ns.svc`, `n.ns.svc.cluster.local`. */
export function clusterLocalHosts(name: string, namespace: string): string[] {
  return [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.${CLUSTER_LOCAL_DOMAIN}`];
}

/** `status.address.url`: always the cluster-local name of the Route's placeholder Service. */
export function routeAddressURL(route: Route, tag?: string, cfg?: ServingConfig): string {
  const name = tag && cfg ? tagHostName(route, tag, cfg) : (route.metadata.name ?? '');
  return `http://${name}.${route.metadata.namespace ?? ''}.${CLUSTER_LOCAL_DOMAIN}`;
}
