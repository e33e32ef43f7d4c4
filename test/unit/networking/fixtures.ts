// Builders for KIngress objects shaped like the ones the Route reconciler produces (spec §9).
import type { KIngress, IngressPath } from '../../../src/lib/networking/types.js';

/** A split of a path to a revision's public Service on port 80. */
export function split(rev: string, percent: number, ns = 'default'): IngressPath['splits'][number] {
  return {
    serviceNamespace: ns,
    serviceName: rev,
    servicePort: 80,
    percent,
    appendHeaders: { 'Knative-Serving-Revision': rev, 'Knative-Serving-Namespace': ns },
  };
}

/** A KIngress for route `name` with an external host and the three cluster-local hosts. */
export function kingress(
  name: string,
  paths: IngressPath[],
  opts: { ns?: string; domain?: string; created?: string; generation?: number } = {},
): KIngress {
  const ns = opts.ns ?? 'default';
  return {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'Ingress',
    metadata: { name, namespace: ns, generation: opts.generation ?? 1, creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z' },
    spec: {
      httpOption: 'Enabled',
      rules: [
        {
          hosts: [`${name}.${ns}`, `${name}.${ns}.svc`, `${name}.${ns}.svc.cluster.local`],
          visibility: 'ClusterLocal',
          http: { paths },
        },
        { hosts: [`${name}.${ns}.${opts.domain ?? 'example.com'}`], visibility: 'ExternalIP', http: { paths } },
      ],
    },
  };
}
