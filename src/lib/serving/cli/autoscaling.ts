// Client-side check of one autoscaling.knative.dev annotation with Serving's rules and texts, so kn
// rejects a bad --scale-* value before anything is written (as upstream kn does).
import { parseGoDuration, formatGoDuration } from '../duration.js';
import { KPA_CLASS, HPA_CLASS } from '../labels.js';

export const MIN_SCALE_ANNOTATION = 'autoscaling.knative.dev/min-scale';
export const MAX_SCALE_ANNOTATION = 'autoscaling.knative.dev/max-scale';
export const INITIAL_SCALE_ANNOTATION = 'autoscaling.knative.dev/initial-scale';
export const ACTIVATION_SCALE_ANNOTATION = 'autoscaling.knative.dev/activation-scale';
export const TARGET_ANNOTATION = 'autoscaling.knative.dev/target';
export const TARGET_UTILIZATION_ANNOTATION = 'autoscaling.knative.dev/target-utilization-percentage';
export const WINDOW_ANNOTATION = 'autoscaling.knative.dev/window';
export const METRIC_ANNOTATION = 'autoscaling.knative.dev/metric';
export const CLASS_ANNOTATION = 'autoscaling.knative.dev/class';

const MAX_INT32 = 2147483647;
const WINDOW_MIN_MS = 6_000;
const WINDOW_MAX_MS = 3_600_000;

const invalid = (v: string, key: string) => new Error(`invalid value: ${v}: ${key}`);
const outOfBounds = (v: string, lo: string | number, hi: string | number, key: string) =>
  new Error(`expected ${lo} <= ${v} <= ${hi}: ${key}`);

/** Throws Serving's validation error when `value` is not acceptable for the annotation `key`. */
export function validateAutoscalingAnnotation(key: string, value: string): void {
  switch (key) {
    case MIN_SCALE_ANNOTATION:
    case MAX_SCALE_ANNOTATION:
      intGE0(key, value);
      return;
    case ACTIVATION_SCALE_ANNOTATION: {
      const n = Number(value);
      if (!/^[+-]?\d+$/.test(value) || Math.abs(n) > MAX_INT32) throw invalid(value, key);
      if (n < 2) throw new Error(`activation-scale=${n} must be greater than 1: ${key}`);
      return;
    }
    case INITIAL_SCALE_ANNOTATION: {
      if (!/^[+-]?\d+$/.test(value)) throw invalid(value, key);
      // kn allows 0 here; the cluster decides whether zero initial scale is allowed.
      if (Number(value) < 0) throw new Error(`invalid value: ${value}: ${key} must be greater than 0`);
      return;
    }
    case TARGET_ANNOTATION: {
      const f = parseFloatStrict(value);
      if (f === undefined) throw invalid(value, key);
      if (f < 0.01) throw new Error(`target ${value} should be at least 0.01: ${key}`);
      return;
    }
    case TARGET_UTILIZATION_ANNOTATION: {
      const f = parseFloatStrict(value);
      if (f === undefined) throw invalid(value, key);
      if (f < 1 || f > 100) throw outOfBounds(value, 1, 100, key);
      return;
    }
    case WINDOW_ANNOTATION: {
      const ms = parseGoDuration(value);
      if (ms === undefined) throw invalid(value, key);
      if (ms < WINDOW_MIN_MS || ms > WINDOW_MAX_MS) {
        throw outOfBounds(value, formatGoDuration(WINDOW_MIN_MS), formatGoDuration(WINDOW_MAX_MS), key);
      }
      if (ms % 1000 !== 0) throw new Error(`must be specified with at most second precision: ${key}`);
      return;
    }
    case METRIC_ANNOTATION:
      // Only the default (KPA) class is known client-side: it supports concurrency and rps.
      if (value !== 'concurrency' && value !== 'rps') throw invalid(value, key);
      return;
    case CLASS_ANNOTATION:
      if (value.endsWith('.knative.dev') && value !== KPA_CLASS && value !== HPA_CLASS) throw invalid(value, key);
      return;
    default:
      return;
  }
}

function intGE0(key: string, value: string): void {
  if (!/^[+-]?\d+$/.test(value)) throw invalid(value, key);
  const n = Number(value);
  if (n < 0 || n > MAX_INT32) throw outOfBounds(value, 0, MAX_INT32, key);
}

// strconv.ParseFloat accepts plain decimal and exponent forms.
function parseFloatStrict(value: string): number | undefined {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) return undefined;
  return Number(value);
}
