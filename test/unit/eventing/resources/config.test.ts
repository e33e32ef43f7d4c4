import {
  DEFAULT_BROKER_DEFAULTS,
  defaultBroker,
  defaultTrigger,
  parseBrokerDefaults,
  parseChannelTemplateSpec,
  parseDefaultChannel,
  parseDeliveryFeatures,
  parsePingDataMaxSize,
} from '../../../../src/lib/eventing/resources/config.js';

describe('eventing config maps', () => {
  it('falls back to upstream defaults', () => {
    expect(parseBrokerDefaults(undefined)).toEqual(DEFAULT_BROKER_DEFAULTS);
    expect(parseChannelTemplateSpec({})).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
    expect(parseDefaultChannel(undefined, 'ns')).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
    expect(parseDeliveryFeatures(undefined)).toEqual({ timeout: true, retryAfter: false });
    expect(parsePingDataMaxSize(undefined)).toBe(-1);
  });

  it('parses config-br-defaults with namespace overrides', () => {
    const cfg = parseBrokerDefaults({
      'default-br-config': `
clusterDefault:
  brokerClass: MTChannelBasedBroker
  apiVersion: v1
  kind: ConfigMap
  name: config-br-default-channel
  namespace: knative-eventing
  delivery:
    retry: 3
    backoffPolicy: linear
    backoffDelay: PT1S
namespaceDefaults:
  team-a:
    brokerClass: Other
`,
    });
    expect(cfg.clusterDefault.delivery).toEqual({ retry: 3, backoffPolicy: 'linear', backoffDelay: 'PT1S' });
    expect(cfg.namespaceDefaults['team-a']).toEqual({ brokerClass: 'Other' });
  });

  it('parses channel templates and per-namespace channel defaults', () => {
    expect(parseChannelTemplateSpec({ 'channel-template-spec': 'apiVersion: messaging.knative.dev/v1\nkind: KafkaChannel\nspec:\n  numPartitions: 3\n' })).toEqual({
      apiVersion: 'messaging.knative.dev/v1',
      kind: 'KafkaChannel',
      spec: { numPartitions: 3 },
    });
    const data = {
      'default-ch-config': 'clusterDefault:\n  apiVersion: messaging.knative.dev/v1\n  kind: InMemoryChannel\nnamespaceDefaults:\n  special:\n    apiVersion: messaging.knative.dev/v1\n    kind: KafkaChannel\n',
    };
    expect(parseDefaultChannel(data, 'special').kind).toBe('KafkaChannel');
    expect(parseDefaultChannel(data, 'other').kind).toBe('InMemoryChannel');
  });

  it('reads feature flags and the ping size limit', () => {
    expect(parseDeliveryFeatures({ 'delivery-timeout': 'disabled', 'delivery-retryafter': 'enabled' })).toEqual({ timeout: false, retryAfter: true });
    expect(parsePingDataMaxSize({ 'data-max-size': '4096' })).toBe(4096);
  });
});

describe('defaulting', () => {
  it('defaults a broker from the cluster defaults (delivery without timeout)', () => {
    const b = defaultBroker({ metadata: { name: 'default', namespace: 'ns' } }, {
      ...DEFAULT_BROKER_DEFAULTS,
      clusterDefault: { ...DEFAULT_BROKER_DEFAULTS.clusterDefault, delivery: { retry: 2, timeout: 'PT5S' } },
    });
    expect(b.metadata.annotations).toEqual({ 'eventing.knative.dev/broker.class': 'MTChannelBasedBroker' });
    expect(b.spec?.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' });
    expect(b.spec?.delivery).toEqual({ retry: 2 });
  });

  it('keeps what the broker sets', () => {
    const b = defaultBroker({
      metadata: { name: 'b', namespace: 'ns', annotations: { 'eventing.knative.dev/broker.class': 'Custom' } },
      spec: { config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'mine' }, delivery: { retry: 1 } },
    });
    expect(b.metadata.annotations?.['eventing.knative.dev/broker.class']).toBe('Custom');
    expect(b.spec?.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'mine', namespace: 'ns' });
    expect(b.spec?.delivery).toEqual({ retry: 1 });
  });

  it('defaults a trigger', () => {
    const t = defaultTrigger({
      metadata: { name: 't', namespace: 'ns' },
      spec: { broker: 'default', subscriber: { ref: { apiVersion: 'v1', kind: 'Service', name: 's' } } },
    });
    expect(t.spec.filter).toEqual({});
    expect(t.spec.subscriber?.ref?.namespace).toBe('ns');
    expect(t.metadata.labels).toEqual({ 'eventing.knative.dev/broker': 'default' });
  });
});
