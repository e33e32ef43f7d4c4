// Which KIngress class this gateway serves when an Ingress carries no class annotation: the
// caller's explicit choice, else config-network's `ingress-class` (alt key `ingress.class`), else
// Kourier's. Upstream's fallback is Istio's class, but our quickstart always runs Kourier, so a
// missing or empty config-network must not leave every Ingress unserved.
import { KOURIER_INGRESS_CLASS } from './ingress-reconciler.js';

/** Namespace and name of the ConfigMap holding the default ingress class. */
export const CONFIG_NETWORK_NAMESPACE = 'knative-serving';
export const CONFIG_NETWORK_NAME = 'config-network';

/** The default ingress class given config-network's data (undefined when the ConfigMap is absent). */
export function ingressClassFromConfig(data: Record<string, string> | undefined): string {
  const v = data?.['ingress-class'] ?? data?.['ingress.class'];
  return v !== undefined && v.trim() !== '' ? v.trim() : KOURIER_INGRESS_CLASS;
}
