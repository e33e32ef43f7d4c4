// REST resources of the eventing kinds, for clients, informers and destination getters.
import { resource } from '../../controller/resources.js';

/** Eventing resources by short name. */
export const EventingResources = {
  brokers: resource('eventing.knative.dev', 'v1', 'brokers', 'Broker'),
  triggers: resource('eventing.knative.dev', 'v1', 'triggers', 'Trigger'),
  channels: resource('messaging.knative.dev', 'v1', 'channels', 'Channel'),
  inMemoryChannels: resource('messaging.knative.dev', 'v1', 'inmemorychannels', 'InMemoryChannel'),
  subscriptions: resource('messaging.knative.dev', 'v1', 'subscriptions', 'Subscription'),
  pingSources: resource('sources.knative.dev', 'v1', 'pingsources', 'PingSource'),
} as const;

/** Label put on Triggers (and broker-owned channels) naming their broker. */
export const BROKER_LABEL = 'eventing.knative.dev/broker';
/** Annotation holding the broker class. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
/** Default broker class. */
export const MT_CHANNEL_BROKER_CLASS = 'MTChannelBasedBroker';
/** Annotation that makes an InMemoryChannel answer before fan-out. */
export const ASYNC_HANDLER_ANNOTATION = 'messaging.knative.dev/async-handler';
