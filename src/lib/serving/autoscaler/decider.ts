// Turns a PodAutoscaler's annotations plus config-autoscaler into the numbers the KPA decides with
// (upstream MakeDecider + ResolveMetricTarget + ScaleBounds + GetInitialScale). Assumes the
// annotations passed validation; unparsable values fall back to the cluster default.
import { parseGoDuration } from '../duration.js';
import {
  ACTIVATION_SCALE_ANNOTATION,
  AGGREGATION_WEIGHTED,
  AGGREGATION_WEIGHTED_ALT,
  CLASS_ANNOTATION,
  CONCURRENCY,
  INITIAL_SCALE_ANNOTATION,
  MAX_SCALE_ANNOTATION,
  METRIC_AGGREGATION_ANNOTATION,
  METRIC_ANNOTATION,
  MIN_SCALE_ANNOTATION,
  PANIC_THRESHOLD_PERCENTAGE_ANNOTATION,
  PANIC_WINDOW_PERCENTAGE_ANNOTATION,
  POD_RETENTION_ANNOTATION,
  RPS,
  SCALE_DOWN_DELAY_ANNOTATION,
  TARGET_ANNOTATION,
  TARGET_BURST_CAPACITY_ANNOTATION,
  TARGET_UTILIZATION_ANNOTATION,
  WINDOW_ANNOTATION,
  type AnnotationKeys,
  getAnnotation,
} from './annotations.js';
import { type AutoscalerConfig, TARGET_MIN } from './config.js';

/** Metric buckets are one second wide; the panic window is never narrower. */
export const BUCKET_MS = 1000;
/** Upstream's activation timeout: default progress deadline (600s) plus a 10s buffer. */
export const DEFAULT_ACTIVATION_TIMEOUT_MS = 610_000;
/** Fewest activators upstream assigns to a revision. */
export const MIN_ACTIVATORS = 2;

/** Everything one revision's scaling decision needs. Durations in ms. */
export interface DeciderSpec {
  /** Autoscaler class (`kpa.autoscaling.knative.dev` unless overridden). */
  podAutoscalerClass: string;
  metric: 'concurrency' | 'rps';
  aggregation: 'linear' | 'weighted-exponential';
  /** Per-pod value the autoscaler aims for (total × utilization, at least 0.01). */
  targetValue: number;
  /** Per-pod capacity (containerConcurrency, the default, or the target annotation). */
  totalValue: number;
  /** Utilization fraction applied to totalValue. */
  targetUtilization: number;
  /** Panic when desired panic pods / ready pods reaches this ratio (2 = 200%). */
  panicThreshold: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  stableWindowMs: number;
  panicWindowMs: number;
  scaleDownDelayMs: number;
  minScale: number;
  /** 0 = unbounded. */
  maxScale: number;
  initialScale: number;
  /** 1 = off; otherwise the fewest pods to start once scaling up from zero. */
  activationScale: number;
  /** -1 = activator always in path. */
  targetBurstCapacity: number;
  activatorCapacity: number;
  enableScaleToZero: boolean;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionMs: number;
  activationTimeoutMs: number;
  /** False for revisions no route sends traffic to: no floor from min-scale, no rate-limited scale-down. */
  reachable: boolean;
}

/** PodAutoscaler facts besides annotations that shape the spec. */
export interface DeciderInputs {
  /** Revision containerConcurrency (0 = unlimited). */
  containerConcurrency?: number;
  /** PodAutoscaler spec.reachability !== 'Unreachable'. */
  reachable?: boolean;
  /** Progress deadline + buffer; defaults to upstream's 610s. */
  activationTimeoutMs?: number;
}

type Anns = Readonly<Record<string, string>> | undefined;

function num(anns: Anns, keys: AnnotationKeys): number | undefined {
  const a = getAnnotation(anns, keys);
  if (!a || a.value.trim() === '') return undefined;
  const v = Number(a.value);
  return Number.isFinite(v) ? v : undefined;
}

function int(anns: Anns, keys: AnnotationKeys): number | undefined {
  const v = num(anns, keys);
  return v !== undefined && Number.isInteger(v) ? v : undefined;
}

function ms(anns: Anns, keys: AnnotationKeys): number | undefined {
  const a = getAnnotation(anns, keys);
  return a ? parseGoDuration(a.value) : undefined;
}

/** Builds the decider spec for a revision from its PodAutoscaler annotations and config-autoscaler. */
export function makeDeciderSpec(annotations: Anns, config: AutoscalerConfig, inputs: DeciderInputs = {}): DeciderSpec {
  const cc = inputs.containerConcurrency ?? 0;
  const reachable = inputs.reachable ?? true;
  const metric = getAnnotation(annotations, METRIC_ANNOTATION)?.value === RPS ? RPS : CONCURRENCY;

  let total: number;
  let utilization: number;
  if (metric === RPS) {
    total = config.rpsTargetDefault;
    utilization = config.targetUtilization;
  } else {
    total = cc > 0 ? cc : config.containerConcurrencyTargetDefault;
    utilization = config.containerConcurrencyTargetFraction;
  }
  const annTarget = num(annotations, TARGET_ANNOTATION);
  if (annTarget !== undefined) {
    // Never aim above what one pod is allowed to take.
    total = metric === CONCURRENCY && cc > 0 ? Math.min(annTarget, cc) : annTarget;
  }
  const annUtil = num(annotations, TARGET_UTILIZATION_ANNOTATION);
  if (annUtil !== undefined) utilization = annUtil / 100;

  const stableWindowMs = ms(annotations, WINDOW_ANNOTATION) ?? config.stableWindowMs;
  const panicPct = num(annotations, PANIC_WINDOW_PERCENTAGE_ANNOTATION) ?? config.panicWindowPercentage;
  const panicWindowMs = Math.max(BUCKET_MS, Math.round((stableWindowMs * panicPct) / 100 / BUCKET_MS) * BUCKET_MS);
  const panicThresholdPct = num(annotations, PANIC_THRESHOLD_PERCENTAGE_ANNOTATION) ?? config.panicThresholdPercentage;

  const algo = getAnnotation(annotations, METRIC_AGGREGATION_ANNOTATION)?.value;
  const retention = ms(annotations, POD_RETENTION_ANNOTATION) ?? config.scaleToZeroPodRetentionPeriodMs;

  return {
    podAutoscalerClass: getAnnotation(annotations, CLASS_ANNOTATION)?.value ?? config.podAutoscalerClass,
    metric,
    aggregation: algo === AGGREGATION_WEIGHTED || algo === AGGREGATION_WEIGHTED_ALT ? 'weighted-exponential' : 'linear',
    targetValue: Math.max(TARGET_MIN, total * utilization),
    totalValue: total,
    targetUtilization: utilization,
    panicThreshold: panicThresholdPct / 100,
    maxScaleUpRate: config.maxScaleUpRate,
    maxScaleDownRate: config.maxScaleDownRate,
    stableWindowMs,
    panicWindowMs,
    scaleDownDelayMs: ms(annotations, SCALE_DOWN_DELAY_ANNOTATION) ?? config.scaleDownDelayMs,
    // An unreachable revision keeps no floor: nothing routes to it.
    minScale: reachable ? (int(annotations, MIN_SCALE_ANNOTATION) ?? config.minScale) : 0,
    maxScale: int(annotations, MAX_SCALE_ANNOTATION) ?? config.maxScale,
    initialScale: int(annotations, INITIAL_SCALE_ANNOTATION) ?? config.initialScale,
    activationScale: int(annotations, ACTIVATION_SCALE_ANNOTATION) ?? 1,
    targetBurstCapacity: num(annotations, TARGET_BURST_CAPACITY_ANNOTATION) ?? config.targetBurstCapacity,
    activatorCapacity: config.activatorCapacity,
    enableScaleToZero: config.enableScaleToZero,
    scaleToZeroGracePeriodMs: config.scaleToZeroGracePeriodMs,
    scaleToZeroPodRetentionMs: retention,
    activationTimeoutMs: inputs.activationTimeoutMs ?? DEFAULT_ACTIVATION_TIMEOUT_MS,
    reachable,
  };
}
