// A revision's first pod turning ready is what makes its PodAutoscaler Active (and the Revision Ready).
// The decision loop would notice on its next tick, up to tickMs later; reacting to the pod informer
// instead takes that wait off every `kn service create` and every cold start.
import type { InformerFactory } from '../../controller/informer-factory.js';
import { type Pod, isPodReady } from '../../controller/kinds.js';
import { Resources } from '../../controller/resources.js';
import { REVISION_LABEL } from '../labels.js';
import type { AutoscalerHandle } from './loop.js';

const readyWithIp = (p: Pod | undefined): boolean => !!p && !p.metadata?.deletionTimestamp && isPodReady(p) && !!p.status?.podIP;

/** Asks the autoscaler for a decision whenever a revision pod's readiness changes. */
export function decideOnPodReadiness(informers: InformerFactory, autoscaler: Pick<AutoscalerHandle, 'decide'>): void {
  informers.for<Pod>(Resources.pods).onChange((type, pod, old) => {
    const revision = pod.metadata?.labels?.[REVISION_LABEL];
    const namespace = pod.metadata?.namespace;
    if (!revision || !namespace) return;
    const now = type === 'delete' ? false : readyWithIp(pod);
    const before = type === 'add' ? false : readyWithIp(old ?? (type === 'delete' ? pod : undefined));
    if (now !== before) void autoscaler.decide(namespace, revision);
  });
}
