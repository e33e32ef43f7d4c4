// Eventing objects with pinned timestamps for golden tables and describe pages.
import type { Broker, Channel, PingSource, Subscription, Trigger } from '../../../../src/lib/api/eventing-types.js';
import type { Condition } from '../../../../src/lib/api/types.js';

/** The pinned "now" of golden renders. */
export const NOW = new Date('2026-11-23T12:00:00Z');

/** ISO timestamp `seconds` before NOW. */
export function ago(seconds: number): string {
  return new Date(NOW.getTime() - seconds * 1000).toISOString();
}

/** Ready=True plus the given extra True conditions, all `seconds` old. */
export function ready(seconds: number, ...others: string[]): Condition[] {
  return ['Ready', ...others].map((type) => ({ type, status: 'True', lastTransitionTime: ago(seconds) }));
}

/** A ready broker with an address. */
export function broker(name: string, ns = 'default', age = 300): Broker {
  return {
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: {},
    status: {
      address: { url: `http://broker-ingress.knative-eventing.svc.cluster.local/${ns}/${name}` },
      conditions: ready(age - 10, 'Addressable', 'FilterReady', 'IngressReady', 'TriggerChannelReady'),
    },
  };
}

/** A trigger on `brokerName` sending to ksvc `svc`. */
export function trigger(name: string, brokerName: string, svc: string, ns = 'default', age = 120): Trigger {
  return {
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: {
      broker: brokerName,
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: svc, namespace: ns } },
    },
    status: { conditions: ready(age - 5, 'BrokerReady', 'DependencyReady', 'SubscriberResolved', 'SubscriptionReady') },
  };
}

/** A ping source every minute to a broker. */
export function ping(name: string, ns = 'default', age = 60): PingSource {
  return {
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: {
      schedule: '*/1 * * * *',
      data: '{"message": "Hello"}',
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default', namespace: ns } },
    },
    status: { conditions: ready(age - 2, 'Deployed', 'SinkProvided') },
  };
}

/** An InMemoryChannel-backed channel. */
export function channel(name: string, ns = 'default', age = 600): Channel {
  return {
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: { channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } },
    status: {
      address: { url: `http://${name}-kn-channel.${ns}.svc.cluster.local` },
      conditions: ready(age - 1, 'Addressable', 'BackingChannelReady', 'ChannelServiceReady'),
    },
  };
}

/** A subscription from channel `ch` to ksvc `svc`. */
export function subscription(name: string, ch: string, svc: string, ns = 'default', age = 90): Subscription {
  return {
    metadata: { name, namespace: ns, creationTimestamp: ago(age) },
    spec: {
      channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: ch },
      subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: svc, namespace: ns } },
    },
    status: { conditions: ready(age - 3, 'AddedToChannel', 'ChannelReady', 'ReferencesResolved') },
  };
}
