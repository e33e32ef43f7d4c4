// The placeholder K8s Service named after a Route (and after each tag host) so that
// `<route>.<ns>.svc.cluster.local` resolves: an ExternalName pointing at the ingress's private LB.
import type { Service as K8sService } from '../../../controller/kinds.js';
import type { IngressStatus } from '../../../networking/types.js';
import { LAST_APPLIED_ANNOTATION, ROUTE_LABEL } from '../../labels.js';
import { controllerOwnerRef } from '../../owner.js';
import { SERVING_API_VERSION, type Route } from '../../types.js';

/** The private load balancer's domain from a KIngress status, if published yet. */
export function privateLoadBalancerDomain(status: IngressStatus | undefined): string | undefined {
  const lb = status?.privateLoadBalancer?.ingress?.[0];
  return lb?.domainInternal || lb?.domain || undefined;
}

/** Desired placeholder Service `name` (the route name or a tag host name) for a Route. */
export function makePlaceholderService(route: Route, name: string, ingressStatus: IngressStatus | undefined): K8sService | undefined {
  const target = privateLoadBalancerDomain(ingressStatus);
  if (!target) return undefined;
  const annotations: Record<string, string> = { ...(route.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: route.metadata.namespace,
      labels: { ...(route.metadata.labels ?? {}), [ROUTE_LABEL]: route.metadata.name ?? '' },
      annotations,
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Route', route.metadata)],
    },
    spec: {
      type: 'ExternalName',
      externalName: target,
      sessionAffinity: 'None',
      ports: [{ name: 'http2', port: 80, targetPort: 80 }],
    },
  };
}
