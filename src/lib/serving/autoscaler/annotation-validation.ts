// Validation of the autoscaling.knative.dev/* annotations with upstream's error texts, for the
// webhook-equivalent (revision templates, Revisions, PodAutoscalers).
import { formatGoDuration, parseGoDuration } from '../duration.js';
import { HPA_CLASS, KPA_CLASS } from '../labels.js';
import {
  ACTIVATION_SCALE_ANNOTATION,
  AGGREGATION_LINEAR,
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
  getAnnotation,
} from './annotations.js';
import {
  PANIC_THRESHOLD_PERCENTAGE_MAX,
  PANIC_THRESHOLD_PERCENTAGE_MIN,
  PANIC_WINDOW_PERCENTAGE_MAX,
  PANIC_WINDOW_PERCENTAGE_MIN,
  TARGET_MIN,
  WINDOW_MAX_MS,
  WINDOW_MIN_MS,
} from './config.js';
import { type FieldIssue, invalidValue, outOfBounds } from './field-errors.js';

/** The cluster settings annotation validation depends on. */
export interface AnnotationValidationConfig {
  allowZeroInitialScale: boolean;
  /** 0 = no limit. */
  maxScaleLimit: number;
}

type Anns = Readonly<Record<string, string>>;
const INT32_MAX = 2147483647;
const MAX_SCALE_KEY = MAX_SCALE_ANNOTATION[0];
const MIN_SCALE_KEY = MIN_SCALE_ANNOTATION[0];

/** strconv.ParseFloat's accepted decimal forms (plus inf/nan); undefined when not a number. */
export function parseGoFloat(v: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(v)) return NaN;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) return undefined;
  return Number(v);
}

type IntResult = { ok: true; value: number } | { ok: false; range: boolean };

// strconv.ParseInt(v, 10, bits): a range error differs from a syntax error.
function parseGoInt(v: string, max: number): IntResult {
  if (!/^[+-]?\d+$/.test(v)) return { ok: false, range: false };
  const n = Number(v);
  if (n > max || n < -max - 1) return { ok: false, range: true };
  return { ok: true, value: n };
}

/** Validates autoscaling annotations; returns every problem (empty when valid). Paths are annotation keys. */
export function validateAutoscalingAnnotations(anns: Anns | undefined, config: AnnotationValidationConfig): FieldIssue[] {
  if (!anns || Object.keys(anns).length === 0) return [];
  return [
    ...validateClass(anns),
    ...validateMinMaxScale(anns, config),
    ...validateFloats(anns),
    ...validateWindow(anns),
    ...validatePodRetention(anns),
    ...validateScaleDownDelay(anns),
    ...validateMetric(anns),
    ...validateAlgorithm(anns),
    ...validateInitialScale(anns, config),
  ];
}

function validateClass(anns: Anns): FieldIssue[] {
  const c = getAnnotation(anns, CLASS_ANNOTATION);
  // Other *.knative.dev classes are typos of ours; classes from other domains belong to custom autoscalers.
  if (c && c.value.endsWith('.knative.dev') && c.value !== KPA_CLASS && c.value !== HPA_CLASS) {
    return [invalidValue(c.value, c.key)];
  }
  return [];
}

function intGE0(anns: Anns, keys: typeof MIN_SCALE_ANNOTATION, out: FieldIssue[]): number {
  const a = getAnnotation(anns, keys);
  if (!a) return 0;
  const r = parseGoInt(a.value, INT32_MAX);
  if (!r.ok) {
    out.push(r.range ? outOfBounds(a.value, 0, INT32_MAX, a.key) : invalidValue(a.value, a.key));
    return 0;
  }
  if (r.value < 0) {
    out.push(outOfBounds(a.value, 0, INT32_MAX, a.key));
    return 0;
  }
  return r.value;
}

function validateMinMaxScale(anns: Anns, config: AnnotationValidationConfig): FieldIssue[] {
  const out: FieldIssue[] = [];
  const min = intGE0(anns, MIN_SCALE_ANNOTATION, out);
  const max = intGE0(anns, MAX_SCALE_ANNOTATION, out);
  if (max !== 0 && max < min) {
    out.push({ message: `max-scale=${max} is less than min-scale=${min}`, paths: [MAX_SCALE_KEY, MIN_SCALE_KEY] });
  }
  const maxAnn = getAnnotation(anns, MAX_SCALE_ANNOTATION);
  if (maxAnn && config.maxScaleLimit > 0) {
    if (max > config.maxScaleLimit) out.push(outOfBounds(max, 1, config.maxScaleLimit, maxAnn.key));
    if (max === 0) {
      out.push({ message: `max-scale=0 (unlimited), must be less than ${config.maxScaleLimit}`, paths: [maxAnn.key] });
    }
  }
  const act = getAnnotation(anns, ACTIVATION_SCALE_ANNOTATION);
  if (act) {
    const r = parseGoInt(act.value, INT32_MAX);
    if (!r.ok) out.push(invalidValue(act.value, act.key));
    else if (min > r.value) {
      out.push({ message: `min-scale=${min} is greater than activation-scale=${r.value}`, paths: [act.key] });
    } else if (max !== 0 && max < r.value) {
      // (inferred) message shape mirrors the min-scale one.
      out.push({ message: `max-scale=${max} is less than activation-scale=${r.value}`, paths: [act.key] });
    } else if (r.value < 2) {
      out.push({ message: `activation-scale=${r.value} must be greater than 1`, paths: [act.key] });
    }
  }
  return out;
}

function validateFloats(anns: Anns): FieldIssue[] {
  const out: FieldIssue[] = [];
  const ranged = (keys: typeof TARGET_ANNOTATION, lo: number, hi: number): void => {
    const a = getAnnotation(anns, keys);
    if (!a) return;
    const v = parseGoFloat(a.value);
    if (v === undefined || Number.isNaN(v)) out.push(invalidValue(a.value, a.key));
    else if (v < lo || v > hi) out.push(outOfBounds(a.value, lo, hi, a.key));
  };
  ranged(PANIC_WINDOW_PERCENTAGE_ANNOTATION, PANIC_WINDOW_PERCENTAGE_MIN, PANIC_WINDOW_PERCENTAGE_MAX);
  ranged(PANIC_THRESHOLD_PERCENTAGE_ANNOTATION, PANIC_THRESHOLD_PERCENTAGE_MIN, PANIC_THRESHOLD_PERCENTAGE_MAX);

  const target = getAnnotation(anns, TARGET_ANNOTATION);
  if (target) {
    const v = parseGoFloat(target.value);
    if (v === undefined) out.push(invalidValue(target.value, target.key));
    else if (!(v >= TARGET_MIN)) {
      out.push({ message: `target ${target.value} should be at least ${TARGET_MIN}`, paths: [target.key] });
    }
  }
  ranged(TARGET_UTILIZATION_ANNOTATION, 1, 100);

  const tbc = getAnnotation(anns, TARGET_BURST_CAPACITY_ANNOTATION);
  if (tbc) {
    const v = parseGoFloat(tbc.value);
    if (v === undefined || Number.isNaN(v) || (v < 0 && v !== -1)) out.push(invalidValue(tbc.value, tbc.key));
  }
  return out;
}

const dur = formatGoDuration;

function validateWindow(anns: Anns): FieldIssue[] {
  const a = getAnnotation(anns, WINDOW_ANNOTATION);
  if (!a) return [];
  const ms = parseGoDuration(a.value);
  if (ms === undefined) return [invalidValue(a.value, a.key)];
  if (ms < WINDOW_MIN_MS || ms > WINDOW_MAX_MS) return [outOfBounds(a.value, dur(WINDOW_MIN_MS), dur(WINDOW_MAX_MS), a.key)];
  if (ms % 1000 !== 0) return [{ message: 'must be specified with at most second precision', paths: [a.key] }];
  return [];
}

function validatePodRetention(anns: Anns): FieldIssue[] {
  const a = getAnnotation(anns, POD_RETENTION_ANNOTATION);
  if (!a) return [];
  const ms = parseGoDuration(a.value);
  if (ms === undefined) return [invalidValue(a.value, a.key)];
  if (ms < 0 || ms > WINDOW_MAX_MS) return [outOfBounds(a.value, dur(0), dur(WINDOW_MAX_MS), a.key)];
  return [];
}

function validateScaleDownDelay(anns: Anns): FieldIssue[] {
  const a = getAnnotation(anns, SCALE_DOWN_DELAY_ANNOTATION);
  if (!a) return [];
  const ms = parseGoDuration(a.value);
  if (ms === undefined) return [invalidValue(a.value, a.key)];
  // The delay window is bounded like the stable window.
  if (ms < 0 || ms > WINDOW_MAX_MS) return [outOfBounds(a.value, dur(0), dur(WINDOW_MAX_MS), a.key)];
  if (ms % 1000 !== 0) return [{ message: 'must be specified with at most second precision', paths: [a.key] }];
  return [];
}

function validateMetric(anns: Anns): FieldIssue[] {
  const m = getAnnotation(anns, METRIC_ANNOTATION);
  if (!m) return [];
  const cls = getAnnotation(anns, CLASS_ANNOTATION)?.value ?? KPA_CLASS;
  if (cls === KPA_CLASS && m.value !== CONCURRENCY && m.value !== RPS) return [invalidValue(m.value, METRIC_ANNOTATION[0])];
  // The HPA takes cpu, memory or any custom metric, but not an empty one.
  if (cls === HPA_CLASS && m.value === '') return [invalidValue(m.value, METRIC_ANNOTATION[0])];
  return [];
}

function validateAlgorithm(anns: Anns): FieldIssue[] {
  // Only checked when the class is explicitly the KPA: custom autoscalers may define their own values.
  if (getAnnotation(anns, CLASS_ANNOTATION)?.value !== KPA_CLASS) return [];
  const a = getAnnotation(anns, METRIC_AGGREGATION_ANNOTATION);
  if (!a || a.value === '') return [];
  if ([AGGREGATION_LINEAR, AGGREGATION_WEIGHTED, AGGREGATION_WEIGHTED_ALT].includes(a.value)) return [];
  return [invalidValue(a.value, a.key)];
}

function validateInitialScale(anns: Anns, config: AnnotationValidationConfig): FieldIssue[] {
  const a = getAnnotation(anns, INITIAL_SCALE_ANNOTATION);
  if (!a) return [];
  const r = parseGoInt(a.value, Number.MAX_SAFE_INTEGER);
  if (!r.ok) return [invalidValue(a.value, a.key)];
  // Upstream folds the explanation into the path; kept verbatim for identical output.
  if (r.value < 0) return [invalidValue(a.value, `${a.key} must be greater than 0`)];
  if (r.value === 0 && !config.allowZeroInitialScale) return [invalidValue(a.value, `${a.key}=0 not allowed by cluster`)];
  return [];
}
