// Broker reconciler (class MTChannelBasedBroker): ensures the trigger channel, resolves the
// dead-letter sink, registers the broker with the ingress and writes status (address =
// broker-ingress URL). Brokers of other classes are left to their own controllers.
import type { Informer } from '../../controller/informer.js';
import type { ConfigMap } from '../../controller/kinds.js';
import { deepCopy, type KubeObject, splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import type { BrokerTable } from '../broker/config.js';
import { computeBrokerStatus, makeTriggerChannel } from '../resources/broker.js';
import { DEFAULT_CHANNEL_TEMPLATE, parseChannelTemplateSpec } from '../resources/config.js';
import { BROKER_CLASS_ANNOTATION, EventingResources, MT_CHANNEL_BROKER_CLASS } from '../resources/kinds.js';
import type { Broker, ChannelTemplateSpec } from '../types.js';
import { addressOf, createOrGet, isControlledBy, readyOf, type ReconcilerBase } from './common.js';
import { ReconcileResolver, resourceOf } from './references.js';

/** Dependencies of the Broker reconciler. */
export interface BrokerReconcilerDeps extends ReconcilerBase {
  brokers: Informer<Broker & KubeObject>;
  /** Informer of the channel kind brokers are backed by (InMemoryChannel). */
  channels: Informer;
  configMaps: Informer<ConfigMap>;
  table: BrokerTable;
}

/** True for brokers this reconciler owns (the class annotation, defaulted by the webhook). */
export function isMtBroker(broker: Broker | undefined): boolean {
  const cls = broker?.metadata.annotations?.[BROKER_CLASS_ANNOTATION];
  return cls === undefined || cls === MT_CHANNEL_BROKER_CLASS;
}

// spec.config points at a ConfigMap with `channel-template-spec` (defaulted to config-br-default-channel).
function channelTemplate(broker: Broker, configMaps: Informer<ConfigMap>): ChannelTemplateSpec {
  const cfg = broker.spec?.config;
  if (!cfg?.name || (cfg.kind && cfg.kind !== 'ConfigMap')) return { ...DEFAULT_CHANNEL_TEMPLATE };
  const cm = configMaps.get(cfg.namespace || broker.metadata.namespace || '', cfg.name);
  return parseChannelTemplateSpec(cm?.data);
}

/** The reconcile function of the broker controller. */
export function makeBrokerReconciler(d: BrokerReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const cached = d.brokers.get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp || !isMtBroker(cached)) {
      // The trigger channel goes with the broker (owner reference, garbage collector).
      d.table.deleteBroker(namespace, name);
      d.tracker.forget(key);
      return;
    }
    const broker = deepCopy(cached);
    const template = channelTemplate(broker, d.configMaps);
    const desired = makeTriggerChannel(broker, template);
    const chName = desired.metadata?.name ?? '';
    const resolver = new ReconcileResolver(d.objects);

    let channel: KubeObject | undefined;
    let channelError: string | undefined;
    if (template.kind === 'InMemoryChannel') {
      channel = d.channels.get(namespace, chName) ?? (await createOrGet(d.client, EventingResources.inMemoryChannels, desired));
    } else {
      // Other channel kinds have no controller here; they are used when someone else runs one.
      const ref = resourceOf(template.apiVersion ?? '', template.kind ?? '', [EventingResources.channels]);
      channel = await d.objects.get(template.apiVersion ?? '', template.kind ?? '', namespace, chName);
      resolver.depend(template.apiVersion ?? '', template.kind ?? '', namespace, chName);
      if (!channel) channel = await createOrGet(d.client, ref, desired);
    }
    if (channel && !isControlledBy(channel, broker.metadata.uid)) {
      channelError = `Broker: ${name} does not own channel: ${chName}`;
    }

    const dlsDest = broker.spec?.delivery?.deadLetterSink;
    const deadLetterSink = dlsDest ? await resolver.resolve(dlsDest, namespace) : undefined;
    d.tracker.track(key, resolver.refs);

    const status = computeBrokerStatus(
      broker,
      {
        ingressReady: true,
        filterReady: true,
        channel: channelError
          ? { apiVersion: template.apiVersion ?? '', kind: template.kind ?? '', name: chName, ready: { type: 'Ready', status: 'False', reason: 'NotOwned', message: channelError } }
          : {
              apiVersion: template.apiVersion ?? '',
              kind: template.kind ?? '',
              name: chName,
              ready: readyOf(channel),
              address: addressOf(channel),
            },
        deadLetterSink,
      },
      d.clock,
    );
    // Program the ingress first: a broker reported Ready accepts events.
    d.table.setBroker({ namespace, name });
    await writeStatusIfChanged(d.client, EventingResources.brokers, cached, { ...broker, status });
  };
}
