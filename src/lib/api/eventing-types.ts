// Knative Eventing shapes the CLI reads/writes (eventing, messaging, sources groups) and their
// resource types. No runtime dependency on client-node: safe to import from commands and printers.
import type { DeliverySpec, Destination, KReference } from '../eventing/types.js';
import type { KObject, KStatus, ResourceType } from './types.js';

export type { DeliverySpec, Destination, KReference };

const EVENTING = 'eventing.knative.dev';
const MESSAGING = 'messaging.knative.dev';
const SOURCES = 'sources.knative.dev';

/** eventing.knative.dev/v1 Broker. */
export const BROKER: ResourceType = { group: EVENTING, version: 'v1', plural: 'brokers', kind: 'Broker', singular: 'broker' };
/** eventing.knative.dev/v1 Trigger. */
export const TRIGGER: ResourceType = { group: EVENTING, version: 'v1', plural: 'triggers', kind: 'Trigger', singular: 'trigger' };
/** sources.knative.dev/v1 PingSource. */
export const PING_SOURCE: ResourceType = { group: SOURCES, version: 'v1', plural: 'pingsources', kind: 'PingSource', singular: 'pingsource' };
/** messaging.knative.dev/v1 Channel. */
export const CHANNEL: ResourceType = { group: MESSAGING, version: 'v1', plural: 'channels', kind: 'Channel', singular: 'channel' };
/** messaging.knative.dev/v1 InMemoryChannel. */
export const IN_MEMORY_CHANNEL: ResourceType = { group: MESSAGING, version: 'v1', plural: 'inmemorychannels', kind: 'InMemoryChannel', singular: 'inmemorychannel' };
/** messaging.knative.dev/v1 Subscription. */
export const SUBSCRIPTION: ResourceType = { group: MESSAGING, version: 'v1', plural: 'subscriptions', kind: 'Subscription', singular: 'subscription' };
/** apiextensions.k8s.io/v1 CustomResourceDefinition (cluster-scoped; `source list-types`). */
export const CRD: ResourceType = { group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', kind: 'CustomResourceDefinition', singular: 'customresourcedefinition' };

/** Annotation holding the broker class (`--class`). */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';
/** CRD label marking event source kinds. */
export const SOURCE_CRD_LABEL = 'duck.knative.dev/source';
/** CRD label marking channel kinds. */
export const CHANNEL_CRD_LABEL = 'messaging.knative.dev/subscribable';

/** Status of addressable eventing objects. */
export interface AddressableStatus extends KStatus {
  address?: { url?: string; name?: string };
}

/** eventing.knative.dev/v1 Broker. */
export interface Broker extends KObject {
  spec?: { config?: KReference; delivery?: DeliverySpec };
  status?: AddressableStatus;
}

/** eventing.knative.dev/v1 Trigger. */
export interface Trigger extends KObject {
  spec: {
    broker: string;
    filter?: { attributes?: Record<string, string> };
    filters?: unknown[];
    subscriber: Destination;
    delivery?: DeliverySpec;
  };
  status?: KStatus & { subscriberUri?: string };
}

/** sources.knative.dev/v1 PingSource. */
export interface PingSource extends KObject {
  spec: {
    schedule?: string;
    timezone?: string;
    contentType?: string;
    data?: string;
    dataBase64?: string;
    sink?: Destination;
    ceOverrides?: { extensions?: Record<string, string> };
  };
  status?: KStatus & { sinkUri?: string };
}

/** messaging.knative.dev/v1 Channel. */
export interface Channel extends KObject {
  spec?: { channelTemplate?: { apiVersion?: string; kind?: string; spec?: Record<string, unknown> }; delivery?: DeliverySpec };
  status?: AddressableStatus & { channel?: KReference };
}

/** messaging.knative.dev/v1 Subscription. */
export interface Subscription extends KObject {
  spec: { channel: KReference; subscriber?: Destination; reply?: Destination; delivery?: DeliverySpec };
  status?: KStatus;
}

/** Any source object (duck Source: spec.sink, Ready condition). */
export interface SourceObject extends KObject {
  spec?: { sink?: Destination; [key: string]: unknown };
}

/** The parts of a CRD the CLI reads. */
export interface CustomResourceDefinition extends KObject {
  spec: {
    group: string;
    names: { kind: string; plural: string; singular?: string };
    versions?: Array<{ name: string; served?: boolean; storage?: boolean }>;
  };
}

/** ResourceType of a CRD's storage (else first served) version. */
export function crdResourceType(crd: CustomResourceDefinition): ResourceType {
  const versions = crd.spec.versions ?? [];
  const v = versions.find((x) => x.storage) ?? versions.find((x) => x.served) ?? versions[0];
  const kind = crd.spec.names.kind;
  return { group: crd.spec.group, version: v?.name ?? 'v1', plural: crd.spec.names.plural, kind, singular: kind.toLowerCase() };
}
