// Structural types of the eventing objects (eventing.knative.dev, messaging.knative.dev,
// sources.knative.dev) that builders, lifecycles and the data plane read or write.
import type { Addressable, ObjectMeta, Status } from '../serving/types.js';

/** Reference to another object by kind and name (duck KReference). */
export interface KReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Name of one of the object's status.addresses[] (multi-address addressables). */
  address?: string;
}

/** Where to send events: an object reference, a URI, or a URI relative to the reference. */
export interface Destination {
  ref?: KReference;
  uri?: string;
  CACerts?: string;
  audience?: string;
}

/** Retry and dead-letter settings (eventing duck v1 DeliverySpec) as written in a spec. */
export interface DeliverySpec {
  deadLetterSink?: Destination;
  retry?: number;
  backoffPolicy?: string;
  backoffDelay?: string;
  timeout?: string;
  retryAfterMax?: string;
  format?: string;
}

/** Status addressable with an optional name (http / https). */
export interface Address extends Addressable {
  name?: string;
  CACerts?: string;
  audience?: string;
}

/** A status that carries an address (Broker, Channel, InMemoryChannel). */
export interface AddressStatus extends Status {
  address?: Address;
  addresses?: Address[];
  annotations?: Record<string, string>;
  deadLetterSinkUri?: string;
  deadLetterSinkCACerts?: string;
}

/** eventing.knative.dev/v1 Broker. */
export interface Broker {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { config?: KReference; delivery?: DeliverySpec };
  status?: AddressStatus;
}

/** One entry of Trigger spec.filters (SubscriptionsAPIFilter). */
export interface SubscriptionsAPIFilter {
  all?: SubscriptionsAPIFilter[];
  any?: SubscriptionsAPIFilter[];
  not?: SubscriptionsAPIFilter;
  exact?: Record<string, string>;
  prefix?: Record<string, string>;
  suffix?: Record<string, string>;
  cesql?: string;
}

/** Trigger spec (the parts the data plane uses are filter, filters, subscriber, delivery). */
export interface TriggerSpec {
  broker?: string;
  brokerRef?: KReference;
  filter?: { attributes?: Record<string, string> };
  filters?: SubscriptionsAPIFilter[];
  subscriber?: Destination;
  delivery?: DeliverySpec;
}

/** Trigger status. */
export interface TriggerStatus extends Status {
  subscriberUri?: string;
  subscriberCACerts?: string;
  deadLetterSinkUri?: string;
}

/** eventing.knative.dev/v1 Trigger. */
export interface Trigger {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: TriggerSpec;
  status?: TriggerStatus;
}

/** A subscriber entry a channel dispatches to (channel spec.subscribers[]). */
export interface SubscriberSpec {
  uid?: string;
  generation?: number;
  subscriberUri?: string;
  replyUri?: string;
  delivery?: DeliverySpec;
}

/** Channel template: kind and spec of the backing channel. */
export interface ChannelTemplateSpec {
  apiVersion?: string;
  kind?: string;
  spec?: Record<string, unknown>;
}

/** messaging.knative.dev/v1 Channel (generic; backed by e.g. an InMemoryChannel). */
export interface Channel {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { channelTemplate?: ChannelTemplateSpec; delivery?: DeliverySpec; subscribers?: SubscriberSpec[] };
  status?: AddressStatus & { channel?: KReference; subscribers?: SubscriberStatus[] };
}

/** Per-subscriber readiness the channel reports. */
export interface SubscriberStatus {
  uid?: string;
  observedGeneration?: number;
  ready?: 'True' | 'False' | 'Unknown';
  message?: string;
}

/** messaging.knative.dev/v1 InMemoryChannel. */
export interface InMemoryChannel {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { delivery?: DeliverySpec; subscribers?: SubscriberSpec[] };
  status?: AddressStatus & { subscribers?: SubscriberStatus[] };
}

/** messaging.knative.dev/v1 Subscription. */
export interface Subscription {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { channel: KReference; subscriber?: Destination; reply?: Destination; delivery?: DeliverySpec };
  status?: Status & {
    physicalSubscription?: {
      subscriberUri?: string;
      subscriberCACerts?: string;
      replyUri?: string;
      deadLetterSinkUri?: string;
    };
  };
}

/** sources.knative.dev/v1 PingSource. */
export interface PingSource {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    schedule?: string;
    timezone?: string;
    contentType?: string;
    data?: string;
    dataBase64?: string;
    sink?: Destination;
    ceOverrides?: { extensions?: Record<string, string> };
  };
  status?: Status & { sinkUri?: string; sinkCACerts?: string };
}
