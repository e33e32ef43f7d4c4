// Feeds the activator from the Kubernetes API: revision settings from the Revision informer and
// ready endpoints (each ready pod's queue-proxy) from the pod informer.
import type { InformerFactory } from '../../controller/informer-factory.js';
import { type Pod, isPodReady } from '../../controller/kinds.js';
import type { KubeObject } from '../../controller/objects.js';
import { Resources, resource } from '../../controller/resources.js';
import { REVISION_LABEL } from '../labels.js';
import type { Revision } from '../types.js';
import type { Activator, RevisionInfo, RevisionTarget } from './activator.js';

/** serving.knative.dev/v1 revisions. */
export const REVISIONS = resource('serving.knative.dev', 'v1', 'revisions', 'Revision');
/** The queue-proxy's HTTP/1 traffic port on every revision pod. */
export const QUEUE_PROXY_PORT = 8012;

/** Looks revisions up in the shared Revision informer. */
export function kubeRevisionLookup(informers: InformerFactory): (t: RevisionTarget) => RevisionInfo | undefined {
  const revisions = informers.for<Revision & KubeObject>(REVISIONS);
  return (t) => {
    const rev = revisions.get(t.namespace, t.revision);
    if (!rev || rev.metadata.deletionTimestamp) return undefined;
    return { containerConcurrency: rev.spec.containerConcurrency ?? 0, timeoutSeconds: rev.spec.timeoutSeconds };
  };
}

/** Ready queue-proxy addresses of a revision's pods. */
export function readyAddresses(pods: readonly Pod[], port = QUEUE_PROXY_PORT): string[] {
  return pods
    .filter((p) => isPodReady(p) && !p.metadata?.deletionTimestamp && p.status?.podIP)
    .map((p) => `${p.status?.podIP}:${port}`)
    .sort();
}

/** Keeps the activator's endpoints in step with pod readiness; call after the informers started. */
export function feedActivatorEndpoints(activator: Activator, informers: InformerFactory): void {
  const pods = informers.for<Pod>(Resources.pods);
  const refresh = (namespace: string, revision: string): void => {
    const mine = pods.list(namespace, (p) => p.metadata?.labels?.[REVISION_LABEL] === revision);
    activator.endpointsChanged({ namespace, revision }, readyAddresses(mine));
  };
  pods.onChange((_type, pod, old) => {
    for (const p of [pod, old]) {
      const revision = p?.metadata?.labels?.[REVISION_LABEL];
      if (revision && p?.metadata?.namespace) refresh(p.metadata.namespace, revision);
    }
  });
}
