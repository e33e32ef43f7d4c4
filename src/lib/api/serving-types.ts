// Knative Serving v1 shapes (only the fields kn reads/writes) and their resource types.
// No runtime dependency on client-node: safe to import from commands and printers.
import type { KObject, KStatus, ResourceType } from './types.js';

const GROUP = 'serving.knative.dev';

/** serving.knative.dev/v1 Service. */
export const SERVICE: ResourceType = { group: GROUP, version: 'v1', plural: 'services', kind: 'Service', singular: 'service' };
/** serving.knative.dev/v1 Configuration. */
export const CONFIGURATION: ResourceType = { group: GROUP, version: 'v1', plural: 'configurations', kind: 'Configuration', singular: 'configuration' };
/** serving.knative.dev/v1 Revision. */
export const REVISION: ResourceType = { group: GROUP, version: 'v1', plural: 'revisions', kind: 'Revision', singular: 'revision' };
/** serving.knative.dev/v1 Route. */
export const ROUTE: ResourceType = { group: GROUP, version: 'v1', plural: 'routes', kind: 'Route', singular: 'route' };

/** Labels Knative Serving puts on child resources. */
export const SERVICE_LABEL = 'serving.knative.dev/service';
export const CONFIGURATION_LABEL = 'serving.knative.dev/configuration';
export const CONFIGURATION_GENERATION_LABEL = 'serving.knative.dev/configurationGeneration';
export const ROUTING_STATE_LABEL = 'serving.knative.dev/routingState';
/** Annotation kn writes with the image as the user gave it (digest pinning). */
export const USER_IMAGE_ANNOTATION = 'client.knative.dev/user-image';

/** One traffic target (spec.traffic / status.traffic). */
export interface TrafficTarget {
  tag?: string;
  revisionName?: string;
  configurationName?: string;
  latestRevision?: boolean;
  percent?: number;
  url?: string;
}

/** A container in a revision template (fields kn touches; others pass through). */
export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ containerPort: number; name?: string; protocol?: string }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  [key: string]: unknown;
}

/** Revision spec (PodSpec subset + Knative fields). */
export interface RevisionSpec {
  containers: Container[];
  containerConcurrency?: number;
  timeoutSeconds?: number;
  serviceAccountName?: string;
  imagePullSecrets?: Array<{ name: string }>;
  [key: string]: unknown;
}

/** Revision template of a Service/Configuration. */
export interface RevisionTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: RevisionSpec;
}

/** Status of a Service (ConfigurationStatusFields + RouteStatusFields). */
export interface ServiceStatus extends KStatus {
  url?: string;
  address?: { url?: string };
  latestReadyRevisionName?: string;
  latestCreatedRevisionName?: string;
  traffic?: TrafficTarget[];
}

/** serving.knative.dev/v1 Service. */
export interface Service extends KObject {
  spec: { template: RevisionTemplate; traffic?: TrafficTarget[] };
  status?: ServiceStatus;
}

/** serving.knative.dev/v1 Configuration. */
export interface Configuration extends KObject {
  spec: { template: RevisionTemplate };
  status?: KStatus & { latestReadyRevisionName?: string; latestCreatedRevisionName?: string };
}

/** serving.knative.dev/v1 Revision. */
export interface Revision extends KObject {
  spec: RevisionSpec;
  status?: KStatus & {
    actualReplicas?: number;
    desiredReplicas?: number;
    containerStatuses?: Array<{ name?: string; imageDigest?: string }>;
  };
}

/** serving.knative.dev/v1 Route. */
export interface Route extends KObject {
  spec: { traffic?: TrafficTarget[] };
  status?: KStatus & { url?: string; address?: { url?: string }; traffic?: TrafficTarget[] };
}

/** List filter: revisions/configurations/routes belonging to a service. */
export function withService(name: string): { labels: Record<string, string> } {
  return { labels: { [SERVICE_LABEL]: name } };
}
