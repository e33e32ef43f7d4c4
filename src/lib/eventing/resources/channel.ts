// Channel (generic) -> backing channel (InMemoryChannel by default), and the Channel's status.
import { newLivingConditionSet, type Condition } from '../../controller/conditions.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { controllerRef, deepCopy, type KubeObject } from '../../controller/objects.js';
import type { Channel, ChannelTemplateSpec } from '../types.js';
import { DEAD_LETTER_SINK_RESOLVED, EVENT_POLICIES_READY, manage, markDeadLetterSink, markEventPoliciesOidcDisabled, type Resolution } from './common.js';
import { DEFAULT_CHANNEL_TEMPLATE } from './config.js';

/** Channel condition types. */
export const ChannelConditions = {
  backingChannel: 'BackingChannelReady',
  addressable: 'Addressable',
  deadLetterSink: DEAD_LETTER_SINK_RESOLVED,
  eventPolicies: EVENT_POLICIES_READY,
} as const;

/** The living condition set of a Channel. */
export const channelConditionSet = newLivingConditionSet(...Object.values(ChannelConditions));

/** The template a Channel uses: its own, else the default-ch-webhook default (InMemoryChannel). */
export function channelTemplateOf(channel: Channel, defaultTemplate: ChannelTemplateSpec = DEFAULT_CHANNEL_TEMPLATE): ChannelTemplateSpec {
  return channel.spec?.channelTemplate ?? defaultTemplate;
}

/** The backing channel of a Channel: same name and namespace, template spec plus delivery and subscribers. */
export function makeBackingChannel(channel: Channel, defaultTemplate: ChannelTemplateSpec = DEFAULT_CHANNEL_TEMPLATE): KubeObject {
  const template = channelTemplateOf(channel, defaultTemplate);
  const spec: Record<string, unknown> = deepCopy(template.spec ?? {});
  if (channel.spec?.delivery) spec.delivery = deepCopy(channel.spec.delivery);
  if (channel.spec?.subscribers?.length) spec.subscribers = deepCopy(channel.spec.subscribers);
  return {
    apiVersion: template.apiVersion,
    kind: template.kind,
    metadata: {
      name: channel.metadata.name,
      namespace: channel.metadata.namespace,
      ownerReferences: [controllerRef({ apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', metadata: channel.metadata } as KubeObject)],
    },
    spec,
  };
}

/** What the reconciler observed for a Channel. */
export interface ChannelObservation {
  /** The backing channel (undefined before it exists). */
  backing?: { apiVersion: string; kind: string; name: string; ready?: Condition; address?: string; subscribers?: unknown[] };
  deadLetterSink?: Resolution;
}

/** Computes a Channel's status from its backing channel (pure). */
export function computeChannelStatus(channel: Channel, obs: ChannelObservation, clock: Clock = realClock): NonNullable<Channel['status']> {
  const status: NonNullable<Channel['status']> = deepCopy(channel.status ?? {});
  const m = manage(channelConditionSet, status, clock);
  m.initializeConditions();
  const b = obs.backing;
  if (!b?.ready) {
    m.markUnknown(ChannelConditions.backingChannel, 'BackingChannelNotConfigured', 'BackingChannel has not yet been reconciled.');
  } else if (b.ready.status === 'True') {
    m.markTrue(ChannelConditions.backingChannel);
  } else if (b.ready.status === 'False') {
    m.markFalse(ChannelConditions.backingChannel, b.ready.reason ?? '', b.ready.message ?? '');
  } else {
    m.markUnknown(ChannelConditions.backingChannel, b.ready.reason ?? '', b.ready.message ?? '');
  }
  if (b) status.channel = { apiVersion: b.apiVersion, kind: b.kind, name: b.name, namespace: channel.metadata.namespace };
  if (b?.address) {
    status.address = { url: b.address };
    m.markTrue(ChannelConditions.addressable);
  } else {
    delete status.address;
    m.markFalse(ChannelConditions.addressable, 'EmptyHostname', 'hostname is the empty string');
  }
  if (b?.subscribers) status.subscribers = deepCopy(b.subscribers) as NonNullable<Channel['status']>['subscribers'];
  const dls = markDeadLetterSink(m, obs.deadLetterSink);
  if (dls) status.deadLetterSinkUri = dls;
  else delete status.deadLetterSinkUri;
  markEventPoliciesOidcDisabled(m);
  status.observedGeneration = channel.metadata.generation;
  return status;
}
