// Trigger status, its Subscription on the broker's channel, and the entry it becomes in the
// broker data plane's table.
import { newLivingConditionSet, type Condition } from '../../controller/conditions.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { controllerRef, deepCopy, type KubeObject } from '../../controller/objects.js';
import type { TriggerConfig } from '../broker/config.js';
import { toDeliveryPolicy } from '../delivery/spec.js';
import type { Broker, KReference, Subscription, Trigger, TriggerStatus } from '../types.js';
import { DEAD_LETTER_SINK_RESOLVED, manage, markDeadLetterSink, markOidcIdentityDisabled, OIDC_IDENTITY_CREATED, type Resolution } from './common.js';
import { brokerFilterUrl, brokerIngressUrl, DEFAULT_CLUSTER_DOMAIN, triggerSubscriptionName } from './names.js';

/** Trigger condition types. */
export const TriggerConditions = {
  broker: 'BrokerReady',
  subscription: 'SubscriptionReady',
  dependency: 'DependencyReady',
  subscriber: 'SubscriberResolved',
  deadLetterSink: DEAD_LETTER_SINK_RESOLVED,
  oidc: OIDC_IDENTITY_CREATED,
} as const;

/** The living condition set of a Trigger. */
export const triggerConditionSet = newLivingConditionSet(...Object.values(TriggerConditions));

/** What the reconciler observed for a Trigger. */
export interface TriggerObservation {
  /** The broker; undefined when it does not exist. */
  broker?: Broker;
  /** Resolved spec.subscriber. */
  subscriber: Resolution;
  /** Resolved dead-letter sink of the effective delivery (trigger's, else broker's), if any. */
  deadLetterSink?: Resolution;
  /** The trigger's Subscription: its Ready condition, 'not-owned', or undefined if not created yet. */
  subscription?: { name: string; ready?: Condition } | { name: string; notOwned: true };
}

const readyOf = (s: { conditions?: Condition[] } | undefined) => s?.conditions?.find((c) => c.type === 'Ready');

/** Computes a Trigger's status (pure; existing transition times are kept). */
export function computeTriggerStatus(trigger: Trigger, obs: TriggerObservation, clock: Clock = realClock): TriggerStatus {
  const status: TriggerStatus = deepCopy(trigger.status ?? {});
  const m = manage(triggerConditionSet, status, clock);
  m.initializeConditions();
  const brokerName = trigger.spec.broker ?? '';

  if (!obs.broker) {
    m.markFalse(TriggerConditions.broker, 'BrokerDoesNotExist', `Broker "${brokerName}" does not exist`);
  } else {
    const bc = readyOf(obs.broker.status);
    if (!bc) m.markUnknown(TriggerConditions.broker, 'BrokerNotConfigured', 'Broker has not yet been reconciled.');
    else if (bc.status === 'True') m.markTrue(TriggerConditions.broker);
    else if (bc.status === 'False') m.markFalse(TriggerConditions.broker, bc.reason ?? '', bc.message ?? '');
    else m.markUnknown(TriggerConditions.broker, bc.reason ?? '', bc.message ?? '');
  }

  const sub = obs.subscription;
  if (!sub) {
    m.markUnknown(TriggerConditions.subscription, 'SubscriptionNotConfigured', 'Subscription has not yet been reconciled.');
  } else if ('notOwned' in sub) {
    m.markFalse(TriggerConditions.subscription, 'SubscriptionNotOwnedByTrigger', `trigger "${trigger.metadata.name ?? ''}" does not own subscription "${sub.name}"`);
  } else if (!sub.ready) {
    m.markUnknown(TriggerConditions.subscription, 'SubscriptionNotConfigured', 'Subscription has not yet been reconciled.');
  } else if (sub.ready.status === 'True') {
    m.markTrue(TriggerConditions.subscription);
  } else if (sub.ready.status === 'False') {
    m.markFalse(TriggerConditions.subscription, sub.ready.reason ?? '', sub.ready.message ?? '');
  } else {
    m.markUnknown(TriggerConditions.subscription, sub.ready.reason ?? '', sub.ready.message ?? '');
  }

  // The knative.dev/dependency annotation is not supported here: no dependency means ready.
  m.markTrue(TriggerConditions.dependency);

  if ('error' in obs.subscriber) {
    m.markFalse(TriggerConditions.subscriber, "Unable to get the Subscriber's URI", obs.subscriber.error);
    delete status.subscriberUri;
  } else {
    status.subscriberUri = obs.subscriber.uri;
    m.markTrue(TriggerConditions.subscriber);
  }

  const dls = markDeadLetterSink(m, obs.deadLetterSink);
  if (dls) status.deadLetterSinkUri = dls;
  else delete status.deadLetterSinkUri;
  markOidcIdentityDisabled(m);
  status.observedGeneration = trigger.metadata.generation;
  return status;
}

/** The Subscription an MTChannelBasedBroker Trigger owns on the broker's trigger channel. */
export function makeTriggerSubscription(
  trigger: Trigger,
  broker: Broker,
  channel: KReference,
  domain = DEFAULT_CLUSTER_DOMAIN,
): Subscription {
  const ns = trigger.metadata.namespace ?? '';
  const name = trigger.metadata.name ?? '';
  const uid = trigger.metadata.uid ?? '';
  const delivery = trigger.spec.delivery ?? broker.spec?.delivery;
  const sub: Subscription = {
    apiVersion: 'messaging.knative.dev/v1',
    kind: 'Subscription',
    metadata: {
      name: triggerSubscriptionName(broker.metadata.name ?? '', name, uid),
      namespace: ns,
      labels: { 'eventing.knative.dev/broker': broker.metadata.name ?? '', 'eventing.knative.dev/trigger': name },
      ownerReferences: [controllerRef({ apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: trigger.metadata } as KubeObject)],
    },
    spec: {
      channel: { apiVersion: channel.apiVersion, kind: channel.kind, name: channel.name },
      subscriber: { uri: brokerFilterUrl(ns, name, uid, domain) },
      reply: { uri: brokerIngressUrl(ns, broker.metadata.name ?? '', domain) },
    },
  };
  if (delivery) sub.spec.delivery = deepCopy(delivery);
  return sub;
}

/**
 * The broker data plane entry of a ready Trigger: filters, subscriber and the effective delivery
 * (trigger.spec.delivery replaces the broker's entirely). Undefined while the subscriber is unresolved.
 */
export function makeTriggerConfig(trigger: Trigger, broker: Broker): TriggerConfig | undefined {
  const subscriberUri = trigger.status?.subscriberUri;
  if (!subscriberUri) return undefined;
  const delivery = trigger.spec.delivery ?? broker.spec?.delivery;
  const deadLetterUri = trigger.spec.delivery ? trigger.status?.deadLetterSinkUri : (trigger.status?.deadLetterSinkUri ?? broker.status?.deadLetterSinkUri);
  const cfg: TriggerConfig = {
    namespace: trigger.metadata.namespace ?? '',
    name: trigger.metadata.name ?? '',
    uid: trigger.metadata.uid ?? '',
    broker: trigger.spec.broker ?? '',
    subscriberUri,
    delivery: toDeliveryPolicy(delivery, deadLetterUri),
  };
  if (trigger.spec.filter) cfg.filter = deepCopy(trigger.spec.filter);
  if (trigger.spec.filters) cfg.filters = deepCopy(trigger.spec.filters);
  return cfg;
}
