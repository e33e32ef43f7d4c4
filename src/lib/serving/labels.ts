// Label and annotation keys used by Serving (upstream names; kubectl and kn select on them).

export const GROUP = 'serving.knative.dev';

export const SERVICE_LABEL = 'serving.knative.dev/service';
export const SERVICE_UID_LABEL = 'serving.knative.dev/serviceUID';
export const CONFIGURATION_LABEL = 'serving.knative.dev/configuration';
export const CONFIGURATION_UID_LABEL = 'serving.knative.dev/configurationUID';
export const CONFIGURATION_GENERATION_LABEL = 'serving.knative.dev/configurationGeneration';
export const REVISION_LABEL = 'serving.knative.dev/revision';
export const REVISION_UID_LABEL = 'serving.knative.dev/revisionUID';
export const ROUTE_LABEL = 'serving.knative.dev/route';
export const ROUTE_NAMESPACE_LABEL = 'serving.knative.dev/routeNamespace';
export const ROUTING_STATE_LABEL = 'serving.knative.dev/routingState';

export const ROUTES_ANNOTATION = 'serving.knative.dev/routes';
export const ROUTING_STATE_MODIFIED_ANNOTATION = 'serving.knative.dev/routingStateModified';
export const CREATOR_ANNOTATION = 'serving.knative.dev/creator';
export const LAST_MODIFIER_ANNOTATION = 'serving.knative.dev/lastModifier';
export const NO_GC_ANNOTATION = 'serving.knative.dev/no-gc';
export const ROLLOUT_DURATION_ANNOTATION = 'serving.knative.dev/rollout-duration';
export const PROGRESS_DEADLINE_ANNOTATION = 'serving.knative.dev/progress-deadline';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export const VISIBILITY_LABEL = 'networking.knative.dev/visibility';
export const VISIBILITY_CLUSTER_LOCAL = 'cluster-local';
export const INGRESS_CLASS_ANNOTATION = 'networking.knative.dev/ingress.class';
export const INGRESS_CLASS_ANNOTATION_ALT = 'networking.knative.dev/ingress-class';
export const ROLLOUT_ANNOTATION = 'networking.internal.knative.dev/rollout';
export const TAG_TO_HOST_ANNOTATION = 'networking.internal.knative.dev/tag-to-host';
export const SKS_LABEL = 'networking.internal.knative.dev/serverlessservice';
export const SERVICE_TYPE_LABEL = 'networking.internal.knative.dev/serviceType';

export const AUTOSCALING_PREFIX = 'autoscaling.knative.dev/';
export const AUTOSCALING_CLASS_ANNOTATION = 'autoscaling.knative.dev/class';
export const AUTOSCALING_METRIC_ANNOTATION = 'autoscaling.knative.dev/metric';
export const KPA_CLASS = 'kpa.autoscaling.knative.dev';
export const HPA_CLASS = 'hpa.autoscaling.knative.dev';

/** Values of the routingState label. */
export type RoutingState = 'pending' | 'active' | 'reserve';

/** Header names the ingress appends so the activator can find the revision. */
export const REVISION_HEADER = 'Knative-Serving-Revision';
export const NAMESPACE_HEADER = 'Knative-Serving-Namespace';
export const TAG_HEADER = 'Knative-Serving-Tag';
export const DEFAULT_ROUTE_HEADER = 'Knative-Serving-Default-Route';
