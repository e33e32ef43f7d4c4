// The eventing defaults ConfigMaps (namespace knative-eventing), parsed into typed config, plus
// the defaulting the webhook applies from them. Missing or malformed keys fall back to upstream's
// shipped defaults, so a fresh cluster behaves like a default Knative install.
import { parse as parseYaml } from 'yaml';
import { deepCopy } from '../../controller/objects.js';
import type { DeliveryFeatures } from '../delivery/spec.js';
import type { Broker, ChannelTemplateSpec, DeliverySpec, KReference, Trigger } from '../types.js';
import { BROKER_CLASS_ANNOTATION, BROKER_LABEL, MT_CHANNEL_BROKER_CLASS } from './kinds.js';
import { SYSTEM_NAMESPACE } from './names.js';

/** ConfigMap data as read from the API. */
export type ConfigMapData = Record<string, string> | undefined;

/** Broker defaults for one scope (cluster or namespace). */
export interface BrokerDefaults {
  brokerClass: string;
  config: KReference;
  delivery?: DeliverySpec;
}

/** config-br-defaults. */
export interface BrokerDefaultsConfig {
  clusterDefault: BrokerDefaults;
  namespaceDefaults: Record<string, Partial<BrokerDefaults>>;
}

/** Upstream's shipped config-br-defaults. */
export const DEFAULT_BROKER_DEFAULTS: BrokerDefaultsConfig = {
  clusterDefault: {
    brokerClass: MT_CHANNEL_BROKER_CLASS,
    config: { apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: SYSTEM_NAMESPACE },
    delivery: { retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' },
  },
  namespaceDefaults: {},
};

/** Upstream's default channel template (config-br-default-channel, default-ch-webhook). */
export const DEFAULT_CHANNEL_TEMPLATE: ChannelTemplateSpec = { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' };

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function yamlObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return asObject(parseYaml(text));
  } catch {
    return undefined;
  }
}

function scopeDefaults(o: Record<string, unknown> | undefined): Partial<BrokerDefaults> {
  if (!o) return {};
  const out: Partial<BrokerDefaults> = {};
  if (typeof o.brokerClass === 'string') out.brokerClass = o.brokerClass;
  const ref: KReference = {};
  for (const k of ['apiVersion', 'kind', 'name', 'namespace'] as const) if (typeof o[k] === 'string') ref[k] = o[k] as string;
  if (ref.name) out.config = ref;
  const delivery = asObject(o.delivery);
  if (delivery) out.delivery = delivery as DeliverySpec;
  return out;
}

/** Parses config-br-defaults (key `default-br-config`). */
export function parseBrokerDefaults(data: ConfigMapData): BrokerDefaultsConfig {
  const doc = yamlObject(data?.['default-br-config']);
  if (!doc) return deepCopy(DEFAULT_BROKER_DEFAULTS);
  const cluster = scopeDefaults(asObject(doc.clusterDefault));
  const namespaceDefaults: Record<string, Partial<BrokerDefaults>> = {};
  for (const [ns, v] of Object.entries(asObject(doc.namespaceDefaults) ?? {})) namespaceDefaults[ns] = scopeDefaults(asObject(v));
  return {
    clusterDefault: {
      brokerClass: cluster.brokerClass ?? DEFAULT_BROKER_DEFAULTS.clusterDefault.brokerClass,
      config: cluster.config ?? deepCopy(DEFAULT_BROKER_DEFAULTS.clusterDefault.config),
      delivery: cluster.delivery,
    },
    namespaceDefaults,
  };
}

/** Parses a ConfigMap holding `channel-template-spec` (config-br-default-channel). */
export function parseChannelTemplateSpec(data: ConfigMapData): ChannelTemplateSpec {
  const doc = yamlObject(data?.['channel-template-spec']);
  if (!doc || typeof doc.apiVersion !== 'string' || typeof doc.kind !== 'string') return { ...DEFAULT_CHANNEL_TEMPLATE };
  const out: ChannelTemplateSpec = { apiVersion: doc.apiVersion, kind: doc.kind };
  const spec = asObject(doc.spec);
  if (spec) out.spec = spec;
  return out;
}

/** default-ch-webhook (key `default-ch-config`): the channel template for a namespace. */
export function parseDefaultChannel(data: ConfigMapData, namespace: string): ChannelTemplateSpec {
  const doc = yamlObject(data?.['default-ch-config']);
  const pick = (o: Record<string, unknown> | undefined): ChannelTemplateSpec | undefined =>
    o && typeof o.apiVersion === 'string' && typeof o.kind === 'string'
      ? { apiVersion: o.apiVersion, kind: o.kind, ...(asObject(o.spec) ? { spec: asObject(o.spec) } : {}) }
      : undefined;
  return pick(asObject(asObject(doc?.namespaceDefaults)?.[namespace])) ?? pick(asObject(doc?.clusterDefault)) ?? { ...DEFAULT_CHANNEL_TEMPLATE };
}

/** config-features flags the data plane and validation use. */
export function parseDeliveryFeatures(data: ConfigMapData): DeliveryFeatures {
  const flag = (key: string, dflt: boolean) => {
    const v = data?.[key]?.trim().toLowerCase();
    return v === undefined ? dflt : v === 'enabled' || v === 'allowed';
  };
  return { timeout: flag('delivery-timeout', true), retryAfter: flag('delivery-retryafter', false) };
}

/** config-ping-defaults `data-max-size` (-1 = unlimited). */
export function parsePingDataMaxSize(data: ConfigMapData): number {
  const v = Number(data?.['data-max-size']);
  return Number.isInteger(v) ? v : -1;
}

/**
 * Broker defaulting (webhook): class annotation, spec.config and spec.delivery from the namespace's
 * defaults, else the cluster's. Only deadLetterSink, retry, backoffPolicy and backoffDelay of the
 * default delivery are copied, as upstream does. Returns a new object.
 */
export function defaultBroker(broker: Broker, defaults: BrokerDefaultsConfig = DEFAULT_BROKER_DEFAULTS): Broker {
  const out = deepCopy(broker);
  const ns = out.metadata.namespace ?? '';
  const scoped = defaults.namespaceDefaults[ns] ?? {};
  const d: BrokerDefaults = {
    brokerClass: scoped.brokerClass ?? defaults.clusterDefault.brokerClass,
    config: scoped.config ?? defaults.clusterDefault.config,
    delivery: scoped.delivery ?? defaults.clusterDefault.delivery,
  };
  out.metadata.annotations = { ...out.metadata.annotations };
  if (!out.metadata.annotations[BROKER_CLASS_ANNOTATION]) out.metadata.annotations[BROKER_CLASS_ANNOTATION] = d.brokerClass;
  out.spec = out.spec ?? {};
  if (!out.spec.config) out.spec.config = deepCopy(d.config);
  if (!out.spec.config.namespace) out.spec.config.namespace = ns;
  if (!out.spec.delivery && d.delivery) {
    const { deadLetterSink, retry, backoffPolicy, backoffDelay } = d.delivery;
    const delivery: DeliverySpec = {};
    if (deadLetterSink) delivery.deadLetterSink = deepCopy(deadLetterSink);
    if (retry !== undefined) delivery.retry = retry;
    if (backoffPolicy) delivery.backoffPolicy = backoffPolicy;
    if (backoffDelay) delivery.backoffDelay = backoffDelay;
    out.spec.delivery = delivery;
  }
  return out;
}

/** Trigger defaulting (webhook): empty filter, subscriber ref namespace, broker label. Returns a new object. */
export function defaultTrigger(trigger: Trigger): Trigger {
  const out = deepCopy(trigger);
  const ns = out.metadata.namespace ?? '';
  if (!out.spec.filter) out.spec.filter = {};
  if (out.spec.subscriber?.ref && !out.spec.subscriber.ref.namespace) out.spec.subscriber.ref.namespace = ns;
  if (out.spec.broker) out.metadata.labels = { ...out.metadata.labels, [BROKER_LABEL]: out.spec.broker };
  return out;
}
