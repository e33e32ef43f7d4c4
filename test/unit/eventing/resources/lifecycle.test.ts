import { FakeClock } from '../../../../src/lib/controller/clock.js';
import { computeBrokerStatus, makeTriggerChannel } from '../../../../src/lib/eventing/resources/broker.js';
import { computeChannelStatus, makeBackingChannel } from '../../../../src/lib/eventing/resources/channel.js';
import { computeInMemoryChannelStatus, makeChannelConfig } from '../../../../src/lib/eventing/resources/inmemorychannel.js';
import { brokerTriggerChannelName, triggerSubscriptionName } from '../../../../src/lib/eventing/resources/names.js';
import { computePingSourceStatus, makePingSourceConfig, validatePingSource } from '../../../../src/lib/eventing/resources/pingsource.js';
import { computeSubscriptionStatus, makeChannelSubscriberSpec } from '../../../../src/lib/eventing/resources/subscription.js';
import { computeTriggerStatus, makeTriggerConfig, makeTriggerSubscription } from '../../../../src/lib/eventing/resources/trigger.js';
import type { Broker, Channel, InMemoryChannel, PingSource, Subscription, Trigger } from '../../../../src/lib/eventing/types.js';

type Conds = { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
const cond = (s: Conds, type: string) => s.conditions?.find((c) => c.type === type);
const ready = (s: Conds) => cond(s, 'Ready');
const clock = new FakeClock(Date.UTC(2026, 0, 1));
const T = '2026-01-01T00:00:00Z'; // kube writes whole seconds

const broker: Broker = {
  apiVersion: 'eventing.knative.dev/v1',
  kind: 'Broker',
  metadata: { name: 'default', namespace: 'ns', uid: 'buid', generation: 2 },
  spec: { delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' } },
};
const readyChannel = {
  apiVersion: 'messaging.knative.dev/v1',
  kind: 'InMemoryChannel',
  name: 'default-kne-trigger',
  ready: { type: 'Ready', status: 'True' as const },
  address: 'http://default-kne-trigger-kn-channel.ns.svc.cluster.local',
};

describe('Broker', () => {
  it('is Ready with the ingress address when everything is up', () => {
    const s = computeBrokerStatus(broker, { ingressReady: true, filterReady: true, channel: readyChannel }, clock);
    expect(ready(s)?.status).toBe('True');
    expect(s.address).toEqual({ name: 'http', url: 'http://broker-ingress.knative-eventing.svc.cluster.local/ns/default' });
    expect(s.annotations).toEqual({
      'knative.dev/channelAPIVersion': 'messaging.knative.dev/v1',
      'knative.dev/channelKind': 'InMemoryChannel',
      'knative.dev/channelName': 'default-kne-trigger',
      'knative.dev/channelAddress': 'http://default-kne-trigger-kn-channel.ns.svc.cluster.local',
    });
    expect(cond(s, 'DeadLetterSinkResolved')).toMatchObject({ status: 'True', reason: 'DeadLetterSinkNotConfigured', message: 'No dead letter sink is configured.' });
    expect(cond(s, 'EventPoliciesReady')).toMatchObject({
      status: 'True',
      reason: 'OIDCDisabled',
      message: 'Feature "authentication-oidc" must be enabled to support Authorization',
    });
    expect(s.conditions?.map((c) => c.type)).toEqual([
      'Addressable', 'DeadLetterSinkResolved', 'EventPoliciesReady', 'FilterReady', 'IngressReady', 'Ready', 'TriggerChannelReady',
    ]);
    expect(ready(s)?.lastTransitionTime).toBe(T);
    expect(s.observedGeneration).toBe(2);
  });

  it.each([
    ['ingress down', { ingressReady: false, filterReady: true, channel: readyChannel }, 'IngressReady', 'EndpointSlicesUnavailable', 'EndpointSlices are unavailable.'],
    ['channel not addressable', { ingressReady: true, filterReady: true, channel: { ...readyChannel, address: undefined } }, 'TriggerChannelReady', 'ChannelNotReady', 'trigger Channel is not ready: not addressable'],
    ['DLS unresolvable', { ingressReady: true, filterReady: true, channel: readyChannel, deadLetterSink: { error: 'boom' } }, 'DeadLetterSinkResolved', "Unable to get the DeadLetterSink's URI", 'boom'],
  ])('is not Ready when %s', (_n, obs, type, reason, message) => {
    const s = computeBrokerStatus(broker, obs, clock);
    expect(cond(s, type)).toMatchObject({ status: 'False', reason, message });
    expect(ready(s)).toMatchObject({ status: 'False', reason, message });
  });

  it('records the dead letter sink URI', () => {
    const s = computeBrokerStatus(broker, { ingressReady: true, filterReady: true, channel: readyChannel, deadLetterSink: { uri: 'http://dls' } }, clock);
    expect(s.deadLetterSinkUri).toBe('http://dls');
  });

  it('owns a trigger channel named <broker>-kne-trigger', () => {
    const ch = makeTriggerChannel(broker);
    expect(ch.kind).toBe('InMemoryChannel');
    expect(ch.metadata?.name).toBe('default-kne-trigger');
    expect(ch.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Broker', name: 'default', uid: 'buid', controller: true });
    expect(brokerTriggerChannelName('x'.repeat(60))).toHaveLength(63);
  });
});

describe('Trigger', () => {
  const trigger: Trigger = {
    metadata: { name: 't1', namespace: 'ns', uid: 'tuid', generation: 1 },
    spec: { broker: 'default', filter: { attributes: { type: 'x' } }, subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' } } },
  };
  const readyBroker: Broker = { ...broker, status: { conditions: [{ type: 'Ready', status: 'True' }], deadLetterSinkUri: 'http://broker-dls' } };
  const readySub = { name: 's', ready: { type: 'Ready', status: 'True' as const } };

  it('is Ready when broker, subscription and subscriber are', () => {
    const s = computeTriggerStatus(trigger, { broker: readyBroker, subscriber: { uri: 'http://hello.ns.svc.cluster.local' }, subscription: readySub }, clock);
    expect(ready(s)?.status).toBe('True');
    expect(s.subscriberUri).toBe('http://hello.ns.svc.cluster.local');
    expect(cond(s, 'OIDCIdentityCreated')).toMatchObject({ status: 'True', reason: 'authentication-oidc feature disabled' });
  });

  it.each([
    ['the broker does not exist', { subscriber: { uri: 'http://x' }, subscription: readySub }, 'BrokerReady', 'False', 'BrokerDoesNotExist', 'Broker "default" does not exist'],
    ['the broker is not reconciled', { broker, subscriber: { uri: 'http://x' }, subscription: readySub }, 'BrokerReady', 'Unknown', 'BrokerNotConfigured', 'Broker has not yet been reconciled.'],
    ['no subscription yet', { broker: readyBroker, subscriber: { uri: 'http://x' } }, 'SubscriptionReady', 'Unknown', 'SubscriptionNotConfigured', 'Subscription has not yet been reconciled.'],
    ['the subscriber cannot be resolved', { broker: readyBroker, subscriber: { error: 'nope' }, subscription: readySub }, 'SubscriberResolved', 'False', "Unable to get the Subscriber's URI", 'nope'],
  ])('is not Ready when %s', (_n, obs, type, status, reason, message) => {
    const s = computeTriggerStatus(trigger, obs, clock);
    expect(cond(s, type)).toMatchObject({ status, reason, message });
    expect(ready(s)?.status).toBe(status);
  });

  it('builds its subscription to the broker filter with reply to the broker', () => {
    const sub = makeTriggerSubscription(trigger, broker, { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', name: 'default-kne-trigger' });
    expect(sub.metadata.name).toBe(triggerSubscriptionName('default', 't1', 'tuid'));
    expect(sub.metadata.name).toBe('default-t1-tuid');
    expect(sub.spec.subscriber?.uri).toBe('http://broker-filter.knative-eventing.svc.cluster.local/triggers/ns/t1/tuid');
    expect(sub.spec.reply?.uri).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/ns/default');
    expect(sub.spec.delivery).toEqual(broker.spec?.delivery);
  });

  it('becomes a data plane entry with the broker delivery when it has none', () => {
    const t = { ...trigger, status: { subscriberUri: 'http://hello' } };
    const cfg = makeTriggerConfig(t, readyBroker)!;
    expect(cfg).toMatchObject({ namespace: 'ns', name: 't1', broker: 'default', subscriberUri: 'http://hello', filter: { attributes: { type: 'x' } } });
    expect(cfg.delivery).toEqual({ retry: 10, backoffPolicy: 'exponential', backoffDelayMs: 200, deadLetterUri: 'http://broker-dls' });
    const own = makeTriggerConfig({ ...t, spec: { ...t.spec, delivery: { retry: 1 } } }, readyBroker)!;
    expect(own.delivery).toEqual({ retry: 1 });
    expect(makeTriggerConfig(trigger, readyBroker)).toBeUndefined();
  });
});

describe('Channel and InMemoryChannel', () => {
  const channel: Channel = {
    metadata: { name: 'ch', namespace: 'ns', uid: 'cuid' },
    spec: { delivery: { retry: 2 }, subscribers: [{ uid: 's1', subscriberUri: 'http://a' }] },
  };

  it('backs a Channel with an InMemoryChannel by default', () => {
    const imc = makeBackingChannel(channel);
    expect(imc).toMatchObject({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel', metadata: { name: 'ch', namespace: 'ns' } });
    expect(imc.spec).toEqual({ delivery: { retry: 2 }, subscribers: [{ uid: 's1', subscriberUri: 'http://a' }] });
  });

  it('Channel status follows the backing channel', () => {
    const pending = computeChannelStatus(channel, {}, clock);
    expect(cond(pending, 'BackingChannelReady')).toMatchObject({ status: 'Unknown', reason: 'BackingChannelNotConfigured', message: 'BackingChannel has not yet been reconciled.' });
    expect(cond(pending, 'Addressable')).toMatchObject({ status: 'False', reason: 'EmptyHostname', message: 'hostname is the empty string' });
    const s = computeChannelStatus(channel, { backing: { ...readyChannel, name: 'ch', address: 'http://ch-kn-channel.ns.svc.cluster.local' } }, clock);
    expect(ready(s)?.status).toBe('True');
    expect(s.address?.url).toBe('http://ch-kn-channel.ns.svc.cluster.local');
  });

  it('InMemoryChannel is addressable at <name>-kn-channel and feeds the dispatcher', () => {
    const imc: InMemoryChannel = { metadata: { name: 'ch', namespace: 'ns', annotations: { 'messaging.knative.dev/async-handler': 'true' } }, spec: channel.spec };
    const s = computeInMemoryChannelStatus(imc, { dispatcherReady: true, channelServiceReady: true }, clock);
    expect(ready(s)?.status).toBe('True');
    expect(s.address?.url).toBe('http://ch-kn-channel.ns.svc.cluster.local');
    expect(s.subscribers).toEqual([{ uid: 's1', ready: 'True' }]);
    const cfg = makeChannelConfig(imc);
    expect(cfg).toMatchObject({ host: 'ch-kn-channel.ns.svc.cluster.local', asyncHandler: true });
    expect(cfg.subscribers[0]).toMatchObject({ uid: 's1', subscriberUri: 'http://a', delivery: { retry: 2 } });
  });
});

describe('Subscription', () => {
  const sub: Subscription = {
    metadata: { name: 's', namespace: 'ns', uid: 'suid', generation: 3 },
    spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'ch' }, subscriber: { uri: 'http://a' }, delivery: { retry: 1, deadLetterSink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'dls' } } } },
  };
  it('is Ready when references resolve and the channel marked it ready', () => {
    const s = computeSubscriptionStatus(sub, {
      channel: { ready: { type: 'Ready', status: 'True' }, subscriber: { uid: 'suid', ready: 'True' } },
      subscriber: { uri: 'http://a' },
      deadLetterSink: { uri: 'http://dls.ns.svc.cluster.local' },
    }, clock);
    expect(ready(s)?.status).toBe('True');
    expect(s.physicalSubscription).toEqual({ subscriberUri: 'http://a', deadLetterSinkUri: 'http://dls.ns.svc.cluster.local' });
  });
  it('reports an unresolvable subscriber', () => {
    const s = computeSubscriptionStatus(sub, { channel: { ready: { type: 'Ready', status: 'True' } }, subscriber: { error: 'gone' } }, clock);
    expect(cond(s, 'ReferencesResolved')).toMatchObject({ status: 'False', reason: 'SubscriberResolveFailed', message: 'Failed to resolve spec.subscriber: gone' });
    expect(ready(s)?.status).toBe('False');
  });
  it('adds a subscriber entry with the resolved dead letter sink', () => {
    expect(makeChannelSubscriberSpec(sub, { subscriber: 'http://a', deadLetterSink: 'http://dls' })).toEqual({
      uid: 'suid',
      generation: 3,
      subscriberUri: 'http://a',
      delivery: { retry: 1, deadLetterSink: { uri: 'http://dls' } },
    });
  });
});

describe('PingSource', () => {
  const ps: PingSource = {
    metadata: { name: 'p', namespace: 'ns', generation: 1 },
    spec: { schedule: '*/2 * * * *', data: '{"a":1}', contentType: 'application/json', sink: { ref: { apiVersion: 'v1', kind: 'Service', name: 'x' } } },
  };
  it('validates like upstream', () => {
    expect(validatePingSource(ps.spec)).toEqual([]);
    const msgs = (spec: PingSource['spec']) => validatePingSource(spec).map((e) => e.message);
    expect(msgs({ ...ps.spec, dataBase64: 'aGk=' })).toEqual(['expected exactly one, got both: spec.data, spec.dataBase64']);
    expect(msgs({ ...ps.spec, schedule: '@every 1m' })).toEqual(['invalid value: unsupported descriptor @every: spec.schedule']);
    expect(msgs({ ...ps.spec, data: 'not json' })[0]).toMatch(/^invalid value: not json: spec\.data/);
    expect(msgs({ ...ps.spec, data: undefined, dataBase64: '!!' })).toEqual(['invalid value: illegal base64 data: spec.dataBase64']);
    expect(msgs({ ...ps.spec, sink: undefined })).toEqual(['expected at least one, got none: spec.sink.ref, spec.sink.uri']);
    expect(msgs({ ...ps.spec, ceOverrides: { extensions: { Bad: 'x', good1: 'y' } } })[0]).toMatch(/^invalid key name "Bad": spec\.ceOverrides\.extensions\n/);
    expect(validatePingSource({ ...ps.spec, contentType: 'text/plain', data: 'abcdef' }, 3).map((e) => e.message)).toEqual([
      'the data size exceeds the maximum allowed size of 3 bytes: spec.data',
    ]);
  });
  it('status: SinkProvided and Deployed', () => {
    const ok = computePingSourceStatus(ps, { sink: { uri: 'http://x.ns.svc.cluster.local' }, adapterAvailable: true }, clock);
    expect(ready(ok)?.status).toBe('True');
    expect(ok.sinkUri).toBe('http://x.ns.svc.cluster.local');
    const empty = computePingSourceStatus(ps, { sink: { uri: '' }, adapterAvailable: true }, clock);
    expect(cond(empty, 'SinkProvided')).toMatchObject({ status: 'False', reason: 'SinkEmpty', message: 'Sink has resolved to empty.' });
    const down = computePingSourceStatus(ps, { sink: { uri: 'http://x' }, adapterAvailable: false }, clock);
    expect(cond(down, 'Deployed')).toMatchObject({ status: 'False', reason: 'DeploymentUnavailable' });
  });
  it('becomes an adapter entry once its sink is resolved', () => {
    expect(makePingSourceConfig(ps)).toBeUndefined();
    expect(makePingSourceConfig({ ...ps, status: { sinkUri: 'http://x' } })).toEqual({
      namespace: 'ns', name: 'p', sinkUri: 'http://x', schedule: '*/2 * * * *', contentType: 'application/json', data: '{"a":1}',
    });
  });
});
