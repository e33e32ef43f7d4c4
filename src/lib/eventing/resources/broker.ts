// Broker (MTChannelBasedBroker) status and the trigger channel it owns.
import { newLivingConditionSet, type Condition } from '../../controller/conditions.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { controllerRef, deepCopy, type KubeObject } from '../../controller/objects.js';
import type { AddressStatus, Broker, ChannelTemplateSpec } from '../types.js';
import { DEAD_LETTER_SINK_RESOLVED, EVENT_POLICIES_READY, markDeadLetterSink, markEventPoliciesOidcDisabled, manage, type Resolution } from './common.js';
import { DEFAULT_CHANNEL_TEMPLATE } from './config.js';
import { BROKER_LABEL } from './kinds.js';
import { brokerIngressUrl, brokerTriggerChannelName, DEFAULT_CLUSTER_DOMAIN } from './names.js';

/** Broker condition types. */
export const BrokerConditions = {
  ingress: 'IngressReady',
  triggerChannel: 'TriggerChannelReady',
  filter: 'FilterReady',
  addressable: 'Addressable',
  deadLetterSink: DEAD_LETTER_SINK_RESOLVED,
  eventPolicies: EVENT_POLICIES_READY,
} as const;

/** The living condition set of a Broker. */
export const brokerConditionSet = newLivingConditionSet(...Object.values(BrokerConditions));

/** What the reconciler observed for a Broker. */
export interface BrokerObservation {
  /** Data plane ingress endpoints available. */
  ingressReady: boolean;
  /** Data plane filter endpoints available. */
  filterReady: boolean;
  /** The trigger channel: its Ready condition and address (absent when not created yet). */
  channel?: { apiVersion: string; kind: string; name: string; ready?: Condition; address?: string };
  /** Resolved spec.delivery.deadLetterSink, if one is configured. */
  deadLetterSink?: Resolution;
  domain?: string;
}

/** Builds the channel that carries a Broker's events to its triggers. */
export function makeTriggerChannel(broker: Broker, template: ChannelTemplateSpec = DEFAULT_CHANNEL_TEMPLATE): KubeObject {
  const ns = broker.metadata.namespace ?? '';
  const name = broker.metadata.name ?? '';
  return {
    apiVersion: template.apiVersion,
    kind: template.kind,
    metadata: {
      name: brokerTriggerChannelName(name),
      namespace: ns,
      labels: { [BROKER_LABEL]: name, 'eventing.knative.dev/brokerEverything': 'true' },
      ownerReferences: [controllerRef({ apiVersion: broker.apiVersion ?? 'eventing.knative.dev/v1', kind: 'Broker', metadata: broker.metadata } as KubeObject)],
    },
    spec: deepCopy(template.spec ?? {}),
  };
}

/** Computes a Broker's status from what was observed (pure; existing transition times are kept). */
export function computeBrokerStatus(broker: Broker, obs: BrokerObservation, clock: Clock = realClock): AddressStatus {
  const status: AddressStatus = deepCopy(broker.status ?? {});
  const m = manage(brokerConditionSet, status, clock);
  m.initializeConditions();
  if (obs.ingressReady) m.markTrue(BrokerConditions.ingress);
  else m.markFalse(BrokerConditions.ingress, 'EndpointSlicesUnavailable', 'EndpointSlices are unavailable.');
  if (obs.filterReady) m.markTrue(BrokerConditions.filter);
  else m.markFalse(BrokerConditions.filter, 'EndpointSlicesUnavailable', 'EndpointSlices are unavailable.');

  const ch = obs.channel;
  if (!ch) {
    m.markUnknown(BrokerConditions.triggerChannel, 'ChannelNotReady', 'trigger Channel is not ready: not created yet');
    delete status.annotations;
  } else if (!ch.address) {
    m.markFalse(BrokerConditions.triggerChannel, 'ChannelNotReady', 'trigger Channel is not ready: not addressable');
  } else if (ch.ready?.status === 'True') {
    m.markTrue(BrokerConditions.triggerChannel);
  } else {
    const why = ch.ready?.message || ch.ready?.reason || 'not ready';
    m.markFalse(BrokerConditions.triggerChannel, 'ChannelNotReady', `trigger Channel is not ready: ${why}`);
  }
  if (ch) {
    status.annotations = {
      'knative.dev/channelAPIVersion': ch.apiVersion,
      'knative.dev/channelKind': ch.kind,
      'knative.dev/channelName': ch.name,
      ...(ch.address ? { 'knative.dev/channelAddress': ch.address } : {}),
    };
  }

  const dls = markDeadLetterSink(m, obs.deadLetterSink);
  if (dls) status.deadLetterSinkUri = dls;
  else delete status.deadLetterSinkUri;
  markEventPoliciesOidcDisabled(m);

  const url = brokerIngressUrl(broker.metadata.namespace ?? '', broker.metadata.name ?? '', obs.domain ?? DEFAULT_CLUSTER_DOMAIN);
  status.address = { name: 'http', url };
  m.markTrue(BrokerConditions.addressable);
  status.observedGeneration = broker.metadata.generation;
  return status;
}

/** Broker whose ingress has no URL (used before the data plane exists). */
export function markBrokerNotAddressable(status: AddressStatus, clock: Clock = realClock): void {
  manage(brokerConditionSet, status, clock).markFalse(BrokerConditions.addressable, 'nil URL', 'URL is nil');
  delete status.address;
}
