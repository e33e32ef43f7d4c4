// InMemoryChannel reconciler: the channel's ExternalName Service (<name>-kn-channel ->
// imc-dispatcher), the dispatcher table entry (host + subscribers) and status. Subscribers are
// marked ready in status only after the dispatcher has them.
import type { Informer } from '../../controller/informer.js';
import type { Service } from '../../controller/kinds.js';
import { controllerRef, deepCopy, type KubeObject, splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { Resources } from '../../controller/resources.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import type { ChannelTable } from '../channel/config.js';
import { computeInMemoryChannelStatus, makeChannelConfig } from '../resources/inmemorychannel.js';
import { EventingResources } from '../resources/kinds.js';
import { DEFAULT_CLUSTER_DOMAIN, inMemoryChannelServiceName, SYSTEM_NAMESPACE } from '../resources/names.js';
import type { InMemoryChannel } from '../types.js';
import { createOrGet, type ReconcilerBase } from './common.js';
import { ReconcileResolver } from './references.js';

/** Name of the dispatcher Service every channel Service points at. */
export const IMC_DISPATCHER_SERVICE = 'imc-dispatcher';

/** Dependencies of the InMemoryChannel reconciler. */
export interface InMemoryChannelReconcilerDeps extends ReconcilerBase {
  channels: Informer<InMemoryChannel & KubeObject>;
  services: Informer<Service>;
  table: ChannelTable;
}

/** The ExternalName Service that gives a channel its address (upstream's shape). */
export function makeChannelService(imc: InMemoryChannel): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: inMemoryChannelServiceName(imc.metadata.name ?? ''),
      namespace: imc.metadata.namespace,
      labels: { 'messaging.knative.dev/role': 'in-memory-channel' },
      ownerReferences: [controllerRef({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', metadata: imc.metadata } as KubeObject)],
    },
    spec: {
      type: 'ExternalName',
      externalName: `${IMC_DISPATCHER_SERVICE}.${SYSTEM_NAMESPACE}.svc.${DEFAULT_CLUSTER_DOMAIN}`,
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    },
  } as Service;
}

/** The reconcile function of the InMemoryChannel controller. */
export function makeInMemoryChannelReconciler(d: InMemoryChannelReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const cached = d.channels.get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) {
      d.table.deleteChannel(namespace, name);
      d.tracker.forget(key);
      return;
    }
    const imc = deepCopy(cached);
    const svc = d.services.get(namespace, inMemoryChannelServiceName(name)) ?? (await createOrGet(d.client, Resources.services, makeChannelService(imc)));
    const resolver = new ReconcileResolver(d.objects);
    const dls = imc.spec?.delivery?.deadLetterSink;
    const deadLetterSink = dls ? await resolver.resolve(dls, namespace) : undefined;
    d.tracker.track(key, resolver.refs);
    const status = computeInMemoryChannelStatus(imc, { dispatcherReady: true, channelServiceReady: svc !== undefined, deadLetterSink }, d.clock);
    const next = { ...imc, status };
    d.table.setChannel(makeChannelConfig(next));
    await writeStatusIfChanged(d.client, EventingResources.inMemoryChannels, cached, next);
  };
}
