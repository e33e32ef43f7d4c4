// Shapes of the networking.internal.knative.dev/v1alpha1 Ingress (KIngress) that the gateway reads,
// and of the route table it serves. Only the fields we use are typed; the rest pass through untouched.

/** Rule visibility: ExternalIP rules go to the external listener, ClusterLocal to the internal one. */
export type IngressVisibility = 'ExternalIP' | 'ClusterLocal';

/** One weighted backend of a KIngress path. */
export interface IngressBackendSplit {
  serviceNamespace: string;
  serviceName: string;
  servicePort: number | string;
  percent?: number;
  appendHeaders?: Record<string, string>;
}

/** A KIngress header match (only `exact` exists upstream). */
export interface IngressHeaderMatch {
  exact: string;
}

/** One KIngress path: prefix, optional header matches, splits. */
export interface IngressPath {
  path?: string;
  headers?: Record<string, IngressHeaderMatch>;
  rewriteHost?: string;
  appendHeaders?: Record<string, string>;
  splits: IngressBackendSplit[];
  /** Legacy per-path timeout (a Go duration string such as "48h" or "30s"); absent means none. */
  timeout?: string;
}

/** One KIngress rule: hosts plus HTTP paths. */
export interface IngressRule {
  hosts?: string[];
  visibility?: IngressVisibility;
  http?: { paths?: IngressPath[] };
}

/** A Kubernetes-style condition as the KIngress status carries it. */
export interface IngressCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  severity?: string;
}

/** Load balancer address published in the KIngress status. */
export interface LoadBalancerIngressStatus {
  ip?: string;
  domain?: string;
  domainInternal?: string;
  meshOnly?: boolean;
}

/** KIngress status. */
export interface IngressStatus {
  observedGeneration?: number;
  conditions?: IngressCondition[];
  publicLoadBalancer?: { ingress: LoadBalancerIngressStatus[] };
  privateLoadBalancer?: { ingress: LoadBalancerIngressStatus[] };
}

/** The KIngress object (networking.internal.knative.dev/v1alpha1, kind Ingress). */
export interface KIngress {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    generation?: number;
    creationTimestamp?: string | Date;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  spec: {
    httpOption?: 'Enabled' | 'Redirected';
    rules?: IngressRule[];
    tls?: unknown[];
  };
  status?: IngressStatus;
}

/** The part of a core/v1 Service that plain-Service routing needs (structurally a V1Service subset). */
export interface PlainService {
  metadata: { name: string; namespace: string };
  spec?: { type?: string; externalName?: string; ports?: { name?: string; port: number }[] };
}

/** Resolves a Service port to its ready endpoints as "ip:port"; injected so translation stays pure. */
export type EndpointsLookup = (namespace: string, service: string, port: number | string) => string[];

/** A resolved upstream: one Service port and its ready endpoints at translation time. */
export interface Target {
  /** "namespace/service:port", stable across table swaps (round-robin state is keyed by it). */
  key: string;
  namespace: string;
  service: string;
  port: number | string;
  endpoints: string[];
  /** True when the service port speaks h2c (name http2/h2c or port 81 by Knative convention). */
  h2c: boolean;
}

/** One weighted choice of a route. */
export interface Split {
  weight: number;
  target: Target;
  /** Request headers added for this split, as [name, value] pairs in sorted order. */
  appendHeaders: [string, string][];
}

/** A route inside a virtual host: matched by path prefix and exact headers, in table order. */
export interface Route {
  pathPrefix: string;
  /** Exact header matches, names lowercased, sorted by name. */
  headers: [string, string][];
  appendHeaders: [string, string][];
  rewriteHost?: string;
  /** 0 disables the route timeout (the Kourier default). */
  timeoutMs: number;
  splits: Split[];
  /** Sum of split weights (the pick draws in [0, totalWeight)). */
  totalWeight: number;
  /** Plain-Service routes only: the Service port this route serves (chosen by the Host header port). */
  servicePort?: number;
}

/** Every route answering one host name; `owner` names the KIngress ("ns/name") or Service it came from. */
export interface VirtualHost {
  host: string;
  owner: string;
  routes: Route[];
}

/** Outcome of translating one KIngress. */
export interface IngressResult {
  /** "namespace/name". */
  key: string;
  generation?: number;
  /** False when the Ingress lost a domain conflict and was left out of the table. */
  accepted: boolean;
  conflictingHosts: string[];
}

/** The whole table the gateway serves, one host map per listener. */
export interface RouteTable {
  external: Map<string, VirtualHost>;
  internal: Map<string, VirtualHost>;
  ingresses: IngressResult[];
}
