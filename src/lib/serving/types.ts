// Structural types for the serving.knative.dev/v1 objects the builders, webhook and lifecycles work on.
// Pod-level shapes reuse client-node's model types (type-only imports: no runtime cost); metadata is
// our own so plain JSON from the API server (timestamps as strings) and client-node objects both fit.
import type { V1Container, V1LocalObjectReference, V1PodSpec, V1Volume } from '@kubernetes/client-node';

/** Reference from a child to the object that controls it. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The metadata fields serving logic reads or writes. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  creationTimestamp?: string | Date;
  deletionTimestamp?: string | Date;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** A knative/pkg status condition ("living" condition set member). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  severity?: '' | 'Warning' | 'Info';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Status fields every Knative kind shares. */
export interface Status {
  observedGeneration?: number;
  conditions?: Condition[];
}

/** Addressable status part. */
export interface Addressable {
  url?: string;
}

/** RevisionSpec: an inlined PodSpec plus the serving extras. */
export interface RevisionSpec extends Partial<Omit<V1PodSpec, 'containers'>> {
  containers?: V1Container[];
  volumes?: V1Volume[];
  imagePullSecrets?: V1LocalObjectReference[];
  containerConcurrency?: number;
  timeoutSeconds?: number;
  responseStartTimeoutSeconds?: number;
  idleTimeoutSeconds?: number;
}

/** Template stamped out into Revisions. */
export interface RevisionTemplateSpec {
  metadata?: ObjectMeta;
  spec: RevisionSpec;
}

/** One traffic target of a Route/Service (spec and status share the shape). */
export interface TrafficTarget {
  tag?: string;
  revisionName?: string;
  configurationName?: string;
  latestRevision?: boolean;
  percent?: number;
  url?: string;
}

/** serving.knative.dev/v1 Service. */
export interface Service {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { template: RevisionTemplateSpec; traffic?: TrafficTarget[] };
  status?: ServiceStatus;
}

/** Service status: Configuration + Route status fields together. */
export interface ServiceStatus extends Status {
  url?: string;
  address?: Addressable;
  latestReadyRevisionName?: string;
  latestCreatedRevisionName?: string;
  traffic?: TrafficTarget[];
}

/** serving.knative.dev/v1 Configuration. */
export interface Configuration {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { template: RevisionTemplateSpec };
  status?: ConfigurationStatus;
}

/** Configuration status. */
export interface ConfigurationStatus extends Status {
  latestReadyRevisionName?: string;
  latestCreatedRevisionName?: string;
}

/** serving.knative.dev/v1 Revision. */
export interface Revision {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: RevisionSpec;
  status?: RevisionStatus;
}

/** Revision status. */
export interface RevisionStatus extends Status {
  logUrl?: string;
  containerStatuses?: { name: string; imageDigest?: string }[];
  actualReplicas?: number;
  desiredReplicas?: number;
}

/** serving.knative.dev/v1 Route. */
export interface Route {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { traffic?: TrafficTarget[] };
  status?: RouteStatus;
}

/** Route status. */
export interface RouteStatus extends Status {
  url?: string;
  address?: Addressable;
  traffic?: TrafficTarget[];
}

export const SERVING_API_VERSION = 'serving.knative.dev/v1';

/** autoscaling.internal.knative.dev/v1alpha1 PodAutoscaler (one per Revision). */
export interface PodAutoscaler {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    containerConcurrency?: number;
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    /** Whether routes point at the Revision: Reachable, Unreachable, or "" (unknown yet). */
    reachability?: '' | 'Reachable' | 'Unreachable';
    protocolType: 'http1' | 'h2c';
  };
  status?: PodAutoscalerStatus;
}

/** PodAutoscaler status (Active, ScaleTargetInitialized, SKSReady roll up into Ready). */
export interface PodAutoscalerStatus extends Status {
  serviceName?: string;
  metricsServiceName?: string;
  desiredScale?: number;
  actualScale?: number;
}

/** networking.internal.knative.dev/v1alpha1 ServerlessService (one per Revision). */
export interface ServerlessService {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: {
    /** Serve: public Service → pods; Proxy: public Service → activator. */
    mode: 'Serve' | 'Proxy';
    numActivators?: number;
    objectRef: { apiVersion: string; kind: string; name: string };
    protocolType: 'http1' | 'h2c';
  };
  status?: Status & { serviceName?: string; privateServiceName?: string };
}

export const AUTOSCALING_API_VERSION = 'autoscaling.internal.knative.dev/v1alpha1';
export const NETWORKING_API_VERSION = 'networking.internal.knative.dev/v1alpha1';
