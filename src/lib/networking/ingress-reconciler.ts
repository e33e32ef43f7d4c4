// KIngress status from the translated route table, as net-kourier reports it. Pure: the caller
// (the controller wiring) writes the returned status only when it differs from the current one.
//
// - Accepted and programmed into the gateway: NetworkConfigured, LoadBalancerReady and Ready True,
//   with the Kourier Service names as load-balancer addresses.
// - Lost a domain conflict: LoadBalancerReady False "DomainConflict" (and so Ready False); not an
//   error, so the reconciler does not retry it, exactly like net-kourier.
// - Not yet in the served table: everything Unknown, waiting for the load balancer.

import type { IngressCondition, IngressStatus, KIngress, RouteTable } from './types.js';

/** Ingress class handled by Kourier (and by us). */
export const KOURIER_INGRESS_CLASS = 'kourier.ingress.networking.knative.dev';
/** Annotation selecting a KIngress's class (the alternative key `ingress-class` is also read). */
export const INGRESS_CLASS_ANNOTATION = 'networking.knative.dev/ingress.class';
/** Address of Kourier's external listener, published as the public load balancer. */
export const KOURIER_PUBLIC_LB = 'kourier.kourier-system.svc.cluster.local';
/** Address of Kourier's internal listener, published as the private load balancer. */
export const KOURIER_PRIVATE_LB = 'kourier-internal.kourier-system.svc.cluster.local';
/** Reason and message of a KIngress that lost a domain conflict. */
export const DOMAIN_CONFLICT_REASON = 'DomainConflict';
export const DOMAIN_CONFLICT_MESSAGE = 'Ingress rejected as its domain conflicts with another ingress';
/** Reason and message while the load balancer has not taken the Ingress yet. */
export const UNINITIALIZED_REASON = 'Uninitialized';
export const UNINITIALIZED_MESSAGE = 'Waiting for load balancer to be ready';

/** True when this KIngress is ours: its class annotation, else config-network's ingress-class, is Kourier's. */
export function isKourierIngress(ing: KIngress, defaultClass: string): boolean {
  const a = ing.metadata.annotations ?? {};
  return (a[INGRESS_CLASS_ANNOTATION] ?? a['networking.knative.dev/ingress-class'] ?? defaultClass) === KOURIER_INGRESS_CLASS;
}

/** Options of {@link computeIngressStatus}. */
export interface IngressStatusOptions {
  now: Date;
  /** False until the gateway serves the table (the caller's probe saw it live); default true. */
  programmed?: boolean;
}

/** The status a KIngress should carry given the table the gateway serves. */
export function computeIngressStatus(ing: KIngress, table: RouteTable, opts: IngressStatusOptions): IngressStatus {
  const key = `${ing.metadata.namespace}/${ing.metadata.name}`;
  const result = table.ingresses.find((r) => r.key === key);
  const programmed = opts.programmed ?? true;
  let network: Cond;
  let lb: Cond;
  let ready = false;
  if (result === undefined || (result.accepted && !programmed)) {
    network = { status: 'Unknown' };
    lb = { status: 'Unknown', reason: UNINITIALIZED_REASON, message: UNINITIALIZED_MESSAGE };
  } else if (!result.accepted) {
    network = { status: 'Unknown' };
    lb = { status: 'False', reason: DOMAIN_CONFLICT_REASON, message: DOMAIN_CONFLICT_MESSAGE };
  } else {
    network = { status: 'True' };
    lb = { status: 'True' };
    ready = true;
  }
  const prev = ing.status?.conditions ?? [];
  const conditions = [
    condition('LoadBalancerReady', lb, prev, opts.now),
    condition('NetworkConfigured', network, prev, opts.now),
    condition('Ready', rollUp([lb, network]), prev, opts.now),
  ];
  const status: IngressStatus = { conditions };
  if (ing.metadata.generation !== undefined) status.observedGeneration = ing.metadata.generation;
  if (ready) {
    status.publicLoadBalancer = { ingress: [{ domainInternal: KOURIER_PUBLIC_LB }] };
    status.privateLoadBalancer = { ingress: [{ domainInternal: KOURIER_PRIVATE_LB }] };
  }
  return status;
}

type Cond = Pick<IngressCondition, 'status' | 'reason' | 'message'>;

/** Living condition set: False beats Unknown beats True; Ready copies the deciding dependent's reason. */
function rollUp(deps: Cond[]): Cond {
  return deps.find((d) => d.status === 'False') ?? deps.find((d) => d.status === 'Unknown') ?? { status: 'True' };
}

/** A condition whose lastTransitionTime moves only when its status changes. */
function condition(type: string, c: Cond, prev: IngressCondition[], now: Date): IngressCondition {
  const old = prev.find((p) => p.type === type);
  const out: IngressCondition = { type, status: c.status };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  out.lastTransitionTime = old !== undefined && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return out;
}
