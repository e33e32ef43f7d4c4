// ServerlessService reconciler (upstream serverlessservice): keeps `<rev>-private` (selects the
// pods) and `<rev>` (no selector) with hand-written Endpoints. In Serve mode the public Endpoints
// copy the private ones' ready addresses; in Proxy mode (or with no ready pod) they are empty, and
// the gateway hands such requests to the in-process activator (its onNoEndpoints hook), which is
// how "the activator is in the path" looks in local mode. The SKS is then always servable.
import type { Endpoints, Service as K8sService } from '../../controller/kinds.js';
import { splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { newLivingConditionSet } from '../../controller/conditions.js';
import { Resources } from '../../controller/resources.js';
import { manage } from '../lifecycle-support.js';
import { isControlledBy } from '../owner.js';
import { childMatches, createObject, tryGet, updateObject, withDesired, writeStatus } from '../reconcile-support.js';
import { makePrivateService, makePublicService } from '../revision/resources/services.js';
import { ServingResources as R } from '../resources.js';
import type { ServerlessService } from '../types.js';
import { privateServiceName, publicServiceName } from '../names.js';

/** SKS conditions: Ready follows EndpointsPopulated. */
export const SKS_CONDITIONS = newLivingConditionSet('EndpointsPopulated');

/** What the SKS reconciler needs. */
export interface SksReconcilerDeps {
  client: import('../../controller/client.js').KubeClient;
  /** Reads an Endpoints object from a cache (the private Service's, written by the Endpoints controller). */
  getEndpoints(namespace: string, name: string): Endpoints | undefined;
  now: () => Date;
}

type Subsets = NonNullable<Endpoints['subsets']>;

/** Ready subsets of the private Endpoints, ports renamed to the public Service's. */
export function publicSubsets(sks: ServerlessService, privateEps: Endpoints | undefined): Subsets {
  if (sks.spec.mode === 'Proxy') return [];
  return (privateEps?.subsets ?? []).filter((s) => (s.addresses ?? []).length > 0).map((s) => ({ addresses: s.addresses, ports: s.ports }));
}

async function ensureService(deps: SksReconcilerDeps, sks: ServerlessService, desired: K8sService): Promise<boolean> {
  const ns = sks.metadata.namespace ?? '';
  const existing = await tryGet<K8sService>(deps.client, Resources.services, ns, desired.metadata?.name ?? '');
  if (!existing) {
    await createObject(deps.client, Resources.services, desired);
    return true;
  }
  if (!isControlledBy(existing as never, sks.metadata)) return false;
  // The API server assigns clusterIP and defaults port fields: compare what we set.
  if (childMatches(existing as never, desired as never, ['spec'], 'subset')) return true;
  const next = withDesired(existing, desired, []);
  next.spec = { ...existing.spec, ...desired.spec };
  await updateObject(deps.client, Resources.services, next);
  return true;
}

async function ensureEndpoints(deps: SksReconcilerDeps, sks: ServerlessService, subsets: Subsets): Promise<void> {
  const ns = sks.metadata.namespace ?? '';
  const name = publicServiceName(sks.metadata.name ?? '');
  const existing = await tryGet<Endpoints>(deps.client, Resources.endpoints, ns, name);
  const meta = makePublicService(sks).metadata!;
  if (!existing) {
    await createObject(deps.client, Resources.endpoints, { apiVersion: 'v1', kind: 'Endpoints', metadata: meta, subsets } as Endpoints);
    return;
  }
  if (!isControlledBy(existing as never, sks.metadata)) return;
  if (JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets)) return;
  await updateObject(deps.client, Resources.endpoints, { ...existing, subsets });
}

/** Reconciles one ServerlessService key. */
export function makeSksReconciler(deps: SksReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const sks = await tryGet<ServerlessService>(deps.client, R.serverlessServices, namespace, name);
    if (!sks || sks.metadata.deletionTimestamp) return;
    const selector = (await selectorOf(deps, sks)) ?? {};
    const now = deps.now();
    const desired = structuredClone(sks);
    desired.status ??= {};
    const m = manage(SKS_CONDITIONS, desired.status, now);
    m.initializeConditions();
    const ownsPrivate = await ensureService(deps, sks, makePrivateService(sks, selector));
    const ownsPublic = await ensureService(deps, sks, makePublicService(sks));
    if (!ownsPrivate || !ownsPublic) {
      m.markFalse('EndpointsPopulated', 'NotOwned', `There is an existing Service for ${name} that we do not own.`);
    } else {
      const subsets = publicSubsets(sks, deps.getEndpoints(namespace, privateServiceName(name)));
      await ensureEndpoints(deps, sks, subsets);
      // Without ready pods the activator (gateway hook) serves: the SKS can take traffic either way.
      if (subsets.length > 0) m.markTrue('EndpointsPopulated');
      else m.markTrueWithReason('EndpointsPopulated', 'ActivatorEndpointsPopulated', 'Requests go through the activator');
      desired.status.serviceName = publicServiceName(name);
      desired.status.privateServiceName = privateServiceName(name);
    }
    await writeStatus(deps.client, R.serverlessServices, sks, desired);
  };
}

// The scale target's pod selector: the private Service selects exactly the Deployment's pods.
async function selectorOf(deps: SksReconcilerDeps, sks: ServerlessService): Promise<Record<string, string> | undefined> {
  const ref = sks.spec.objectRef;
  if (ref?.kind !== 'Deployment') return undefined;
  const d = await tryGet<{ metadata: object; spec?: { selector?: { matchLabels?: Record<string, string> } } }>(
    deps.client,
    Resources.deployments,
    sks.metadata.namespace ?? '',
    ref.name,
  );
  return d?.spec?.selector?.matchLabels;
}
