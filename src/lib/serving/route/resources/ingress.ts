// The KIngress of a Route (spec §9): per traffic group one ClusterLocal rule and, unless the Route
// is cluster-local, one ExternalIP rule; splits target the Revisions' public Services with the
// headers the activator uses to find the Revision.
import { featureOn, type ServingConfig } from '../../config.js';
import type { IngressBackendSplit, IngressPath, IngressRule, KIngress } from '../../../networking/types.js';
import {
  DEFAULT_ROUTE_HEADER,
  INGRESS_CLASS_ANNOTATION,
  INGRESS_CLASS_ANNOTATION_ALT,
  LAST_APPLIED_ANNOTATION,
  NAMESPACE_HEADER,
  REVISION_HEADER,
  ROLLOUT_ANNOTATION,
  ROUTE_LABEL,
  ROUTE_NAMESPACE_LABEL,
  TAG_HEADER,
  TAG_TO_HOST_ANNOTATION,
} from '../../labels.js';
import { ingressName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { revisionServicePort } from '../../revision/resources/ports.js';
import { NETWORKING_API_VERSION, SERVING_API_VERSION, type OwnerReference, type Route } from '../../types.js';
import type { RevisionTarget, TrafficConfig } from './traffic.js';
import { clusterLocalHosts, isClusterLocal, routeHost, tagHostName } from './url.js';

/** A KIngress as we create it (with owner references). */
export type OwnedKIngress = KIngress & { metadata: KIngress['metadata'] & { ownerReferences: OwnerReference[] } };

/** Ingress class: the Route's annotation, else config-network's. */
export function ingressClass(route: Route, cfg: ServingConfig): string {
  const anns = route.metadata.annotations ?? {};
  return anns[INGRESS_CLASS_ANNOTATION] ?? anns[INGRESS_CLASS_ANNOTATION_ALT] ?? cfg.network.ingressClass;
}

/** Splits of one group: zero shares dropped, one entry per Revision (first-seen order), sums kept. */
function makeSplits(targets: readonly RevisionTarget[], namespace: string): IngressBackendSplit[] {
  const splits: IngressBackendSplit[] = [];
  for (const t of targets) {
    if (t.percent <= 0) continue;
    const same = splits.find((s) => s.serviceName === t.revisionName);
    if (same) {
      same.percent = (same.percent ?? 0) + t.percent;
      continue;
    }
    splits.push({
      serviceNamespace: namespace,
      serviceName: t.revisionName,
      servicePort: revisionServicePort(t.protocol),
      percent: t.percent,
      appendHeaders: { [REVISION_HEADER]: t.revisionName, [NAMESPACE_HEADER]: namespace },
    });
  }
  if (splits.length === 1) splits[0].percent = 100;
  return splits;
}

function makePaths(
  group: string,
  traffic: TrafficConfig,
  namespace: string,
  tagHeaderRouting: boolean,
): IngressPath[] {
  const splits = makeSplits(traffic.groups.get(group) ?? [], namespace);
  if (!tagHeaderRouting) return [{ splits }];
  if (group !== '') return [{ appendHeaders: { [TAG_HEADER]: group }, splits }];
  // With header routing, the default host also routes `Knative-Serving-Tag: <tag>` to that tag.
  const tagPaths: IngressPath[] = [...traffic.groups.keys()]
    .filter((t) => t !== '')
    .sort()
    .map((tag) => ({
      headers: { [TAG_HEADER]: { exact: tag } },
      splits: makeSplits(traffic.groups.get(tag) ?? [], namespace),
    }));
  return [...tagPaths, { appendHeaders: { [DEFAULT_ROUTE_HEADER]: 'true' }, splits }];
}

/** The rollout annotation value: one entry per Configuration followed, all traffic on its latest Revision. */
function rolloutAnnotation(traffic: TrafficConfig): string {
  const configs = new Map<string, { tag: string; percent: number; revision: string }>();
  for (const t of traffic.targets) {
    if (!t.latestRevision || !t.configurationName) continue;
    const key = `${t.configurationName}\u0000${t.tag ?? ''}`;
    const seen = configs.get(key);
    if (seen) seen.percent += t.percent;
    else configs.set(key, { tag: t.tag ?? '', percent: t.percent, revision: t.revisionName });
  }
  const list = [...configs.entries()].map(([key, v]) => ({
    configurationName: key.split('\u0000')[0],
    ...(v.tag ? { tag: v.tag } : {}),
    percent: v.percent,
    revisions: [{ revisionName: v.revision, percent: v.percent }],
    stepParams: {},
  }));
  return JSON.stringify(list.length ? { configurations: list } : {});
}

/** Desired KIngress for a Route whose traffic resolved without error. */
export function makeIngress(route: Route, traffic: TrafficConfig, cfg: ServingConfig): OwnedKIngress {
  const ns = route.metadata.namespace ?? '';
  const name = route.metadata.name ?? '';
  const local = isClusterLocal(route);
  const tagHeaderRouting = featureOn(cfg.features, 'tag-header-based-routing');
  const groups = [...traffic.groups.keys()].sort();
  const rules: IngressRule[] = [];
  const tagToHost: Record<string, Record<string, Record<string, never>>> = {};
  for (const group of groups) {
    const hostName = group === '' ? name : tagHostName(route, group, cfg);
    const paths = makePaths(group, traffic, ns, tagHeaderRouting);
    const localHosts = clusterLocalHosts(hostName, ns);
    rules.push({ hosts: localHosts, visibility: 'ClusterLocal', http: { paths: structuredClone(paths) } });
    const hosts = [...localHosts];
    if (!local) {
      const external = routeHost(route, cfg, group || undefined);
      rules.push({ hosts: [external], visibility: 'ExternalIP', http: { paths: structuredClone(paths) } });
      hosts.push(external);
    }
    if (group !== '') tagToHost[group] = Object.fromEntries(hosts.map((h) => [h, {}]));
  }
  const annotations: Record<string, string> = { ...(route.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  annotations[INGRESS_CLASS_ANNOTATION] = ingressClass(route, cfg);
  annotations[ROLLOUT_ANNOTATION] = rolloutAnnotation(traffic);
  if (Object.keys(tagToHost).length) annotations[TAG_TO_HOST_ANNOTATION] = JSON.stringify(tagToHost);
  const redirect = cfg.network.httpProtocol === 'redirected' && cfg.network.externalDomainTLS;
  return {
    apiVersion: NETWORKING_API_VERSION,
    kind: 'Ingress',
    metadata: {
      name: ingressName(name),
      namespace: ns,
      labels: { ...(route.metadata.labels ?? {}), [ROUTE_LABEL]: name, [ROUTE_NAMESPACE_LABEL]: ns },
      annotations,
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Route', route.metadata)],
    },
    spec: { httpOption: redirect ? 'Redirected' : 'Enabled', rules },
  };
}
