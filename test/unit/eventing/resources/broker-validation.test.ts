import { validateBroker, validateSubscription } from '../../../../src/lib/eventing/resources/broker-validation.js';
import type { Broker, Subscription } from '../../../../src/lib/eventing/types.js';

const broker: Broker = {
  metadata: { name: 'default', namespace: 'ns', annotations: { 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' } },
  spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' }, delivery: { retry: 3 } },
};
const bmsgs = (b: Broker, old?: Broker) => validateBroker(b, old).map((e) => e.message);

describe('validateBroker', () => {
  it('accepts a defaulted broker and delivery-only updates', () => {
    expect(bmsgs(broker)).toEqual([]);
    expect(bmsgs({ ...broker, spec: { ...broker.spec, delivery: { retry: 5 } } }, broker)).toEqual([]);
  });
  it('requires the class annotation', () => {
    expect(bmsgs({ ...broker, metadata: { name: 'b' } })).toEqual(['missing field(s): eventing.knative.dev/broker.class']);
  });
  it('validates delivery', () => {
    expect(bmsgs({ ...broker, spec: { delivery: { backoffPolicy: 'foo' } } })).toEqual(['invalid value: foo: spec.delivery.backoffPolicy']);
  });
  it('rejects spec and class changes on update', () => {
    const changed: Broker = { ...broker, spec: { ...broker.spec, config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'other' } } };
    expect(bmsgs(changed, broker)[0]).toMatch(/^Immutable fields changed \(-old \+new\): spec\n/);
    const recl: Broker = { ...broker, metadata: { ...broker.metadata, annotations: { 'eventing.knative.dev/broker.class': 'Kafka' } } };
    expect(bmsgs(recl, broker)[0]).toMatch(/^Immutable annotations changed \(-old \+new\): annotations\n/);
  });
});

const sub: Subscription = {
  metadata: { name: 's', namespace: 'ns' },
  spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'ch' }, subscriber: { uri: 'http://x.example' } },
};
const smsgs = (s: Subscription, old?: Subscription) => validateSubscription(s, old).map((e) => e.message);

describe('validateSubscription', () => {
  it('accepts a valid subscription', () => {
    expect(smsgs(sub)).toEqual([]);
  });
  it('requires channel and subscriber with upstream details', () => {
    expect(smsgs({ ...sub, spec: { channel: {} } })).toEqual([
      'missing field(s): spec.channel\nthe Subscription must reference a channel',
      'missing field(s): spec.subscriber\nthe Subscription must reference a subscriber',
    ]);
  });
  it('rejects a channel change on update, allows a subscriber change', () => {
    expect(smsgs({ ...sub, spec: { ...sub.spec, channel: { ...sub.spec.channel, name: 'other' } } }, sub)[0]).toMatch(/^Immutable fields changed \(-old \+new\): spec\n/);
    expect(smsgs({ ...sub, spec: { ...sub.spec, subscriber: { uri: 'http://y.example' } } }, sub)).toEqual([]);
  });
});
