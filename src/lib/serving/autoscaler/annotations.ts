// The autoscaling.knative.dev/* annotation keys, each with its legacy camelCase alias: the new
// name wins when both are present, and errors name the key that was actually read.

const G = 'autoscaling.knative.dev/';

/** One annotation: its current key first, then accepted legacy aliases. */
export type AnnotationKeys = readonly [string, ...string[]];

// The autoscaling annotations, each current key first, then its legacy alias if any.
export const CLASS_ANNOTATION: AnnotationKeys = [`${G}class`];
export const METRIC_ANNOTATION: AnnotationKeys = [`${G}metric`];
export const TARGET_ANNOTATION: AnnotationKeys = [`${G}target`];
export const TARGET_UTILIZATION_ANNOTATION: AnnotationKeys = [`${G}target-utilization-percentage`, `${G}targetUtilizationPercentage`];
export const MIN_SCALE_ANNOTATION: AnnotationKeys = [`${G}min-scale`, `${G}minScale`];
export const MAX_SCALE_ANNOTATION: AnnotationKeys = [`${G}max-scale`, `${G}maxScale`];
export const INITIAL_SCALE_ANNOTATION: AnnotationKeys = [`${G}initial-scale`, `${G}initialScale`];
export const ACTIVATION_SCALE_ANNOTATION: AnnotationKeys = [`${G}activation-scale`];
export const WINDOW_ANNOTATION: AnnotationKeys = [`${G}window`];
export const PANIC_WINDOW_PERCENTAGE_ANNOTATION: AnnotationKeys = [`${G}panic-window-percentage`, `${G}panicWindowPercentage`];
export const PANIC_THRESHOLD_PERCENTAGE_ANNOTATION: AnnotationKeys = [`${G}panic-threshold-percentage`, `${G}panicThresholdPercentage`];
export const TARGET_BURST_CAPACITY_ANNOTATION: AnnotationKeys = [`${G}target-burst-capacity`, `${G}targetBurstCapacity`];
export const SCALE_DOWN_DELAY_ANNOTATION: AnnotationKeys = [`${G}scale-down-delay`, `${G}scaleDownDelay`];
export const POD_RETENTION_ANNOTATION: AnnotationKeys = [`${G}scale-to-zero-pod-retention-period`];
export const METRIC_AGGREGATION_ANNOTATION: AnnotationKeys = [`${G}metric-aggregation-algorithm`];

/** Metric names the KPA understands. */
export const CONCURRENCY = 'concurrency';
export const RPS = 'rps';
/** Values of metric-aggregation-algorithm (the camelCase spelling is accepted too). */
export const AGGREGATION_LINEAR = 'linear';
export const AGGREGATION_WEIGHTED = 'weighted-exponential';
export const AGGREGATION_WEIGHTED_ALT = 'weightedExponential';

/** A found annotation: the key it was read from and its value. */
export interface FoundAnnotation {
  key: string;
  value: string;
}

type Anns = Readonly<Record<string, string>> | undefined;

/** Reads an annotation by priority (current name, then aliases); undefined when none is set. */
export function getAnnotation(anns: Anns, keys: AnnotationKeys): FoundAnnotation | undefined {
  if (!anns) return undefined;
  for (const key of keys) {
    const value = anns[key];
    if (value !== undefined) return { key, value };
  }
  return undefined;
}

/** True for any autoscaling.knative.dev/ key (the webhook rejects them outside the revision template). */
export function isAutoscalingAnnotation(key: string): boolean {
  return key.startsWith(G);
}
