// PodAutoscaler reconciler, the part upstream's KPA reconciler does besides scaling: it creates the
// Revision's ServerlessService and mirrors it into the PA status (serviceName, metricsServiceName,
// SKSReady). Scale decisions, Active and ScaleTargetInitialized are the autoscaler loop's
// (autoscaler/kube-deps.ts), which also moves the SKS between Serve and Proxy afterwards.
import type { KubeClient } from '../../controller/client.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { splitKey } from '../../controller/objects.js';
import { PA_CONDITIONS } from '../autoscaler/kube-deps.js';
import { manage } from '../lifecycle-support.js';
import { privateServiceName } from '../names.js';
import { isControlledBy } from '../owner.js';
import { createObject, tryGet, writeStatus } from '../reconcile-support.js';
import { ServingResources as R } from '../resources.js';
import { makeServerlessService } from '../revision/resources/services.js';
import type { PodAutoscaler, ServerlessService } from '../types.js';

/** What the PA reconciler needs. */
export interface PaReconcilerDeps {
  client: KubeClient;
  now: () => Date;
}

// Until the autoscaler has decided, the activator is in the path (upstream starts from Proxy too
// while the excess burst capacity is unknown).
const INITIAL_MODE = 'Proxy';

/** Reconciles one PodAutoscaler key. */
export function makePaReconciler(deps: PaReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const pa = await tryGet<PodAutoscaler>(deps.client, R.podAutoscalers, namespace, name);
    if (!pa || pa.metadata.deletionTimestamp) return;
    let sks = await tryGet<ServerlessService>(deps.client, R.serverlessServices, namespace, name);
    if (!sks) sks = await createObject(deps.client, R.serverlessServices, makeServerlessService(pa, INITIAL_MODE, 0));

    const desired = structuredClone(pa);
    desired.status ??= {};
    const m = manage(PA_CONDITIONS, desired.status, deps.now());
    m.initializeConditions();
    if (!isControlledBy(sks, pa.metadata)) {
      m.markFalse('SKSReady', 'NotOwned', `PA: ${name} does not own SKS: ${name}`);
    } else {
      const ready = sks.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True') m.markTrue('SKSReady');
      else if (ready?.status === 'False') m.markFalse('SKSReady', ready.reason ?? 'NotReady', ready.message ?? '');
      else m.markUnknown('SKSReady', 'NoPrivateService', 'SKS is not ready yet');
      if (sks.status?.serviceName) desired.status.serviceName = sks.status.serviceName;
      if (sks.status?.privateServiceName) desired.status.metricsServiceName = privateServiceName(name);
    }
    await writeStatus(deps.client, R.podAutoscalers, pa, desired);
  };
}
