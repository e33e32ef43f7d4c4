// Per-Ingress status reconciler. Reports what the gateway actually serves: it writes only once the
// programmed table carries this Ingress at its current generation (otherwise the route programmer
// will enqueue the key again after the next swap), and only when the status differs, so steady
// state costs no writes. Ingresses of another class are left alone.
import type { KubeClient } from '../controller/client.js';
import type { Clock } from '../controller/clock.js';
import type { ReconcileFn } from '../controller/controller.js';
import { isNotFound } from '../controller/errors.js';
import type { Informer } from '../controller/informer.js';
import { deepCopy } from '../controller/objects.js';
import { writeStatusIfChanged } from '../controller/status-writer.js';
import { ServingResources } from '../serving/resources.js';
import { computeIngressStatus, isKourierIngress } from './ingress-reconciler.js';
import type { IngressObject } from './route-programmer.js';
import type { RouteTable } from './types.js';

/** What the status reconciler reads and writes. */
export interface IngressStatusDeps {
  client: KubeClient;
  ingresses: Informer<IngressObject>;
  /** The table the gateway serves right now. */
  programmed: () => RouteTable;
  ingressClass: () => string;
  clock: Clock;
}

/** Reconciles one Ingress key ("namespace/name") to the status of the programmed table. */
export function ingressStatusReconciler(deps: IngressStatusDeps): ReconcileFn {
  return async (key) => {
    const ing = deps.ingresses.getByKey(key);
    if (ing === undefined || ing.metadata.deletionTimestamp !== undefined) return;
    if (!isKourierIngress(ing, deps.ingressClass())) return;
    const table = deps.programmed();
    const result = table.ingresses.find((r) => r.key === key);
    if (result === undefined || result.generation !== ing.metadata.generation) return;
    const desired = deepCopy(ing);
    desired.status = computeIngressStatus(ing, table, { now: new Date(deps.clock.now()), programmed: true });
    try {
      await writeStatusIfChanged(deps.client, ServingResources.ingresses, ing, desired);
    } catch (err) {
      if (!isNotFound(err)) throw err; // deleted meanwhile: nothing left to report on
    }
  };
}
