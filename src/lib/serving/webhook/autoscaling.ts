// Validation of autoscaling.knative.dev/* annotations (spec §10), with upstream's messages.
// Paths are the annotation keys; callers nest them under `metadata.annotations`.
import type { AutoscalerLimits } from '../config.js';
import { formatGoDuration, parseGoDuration } from '../duration.js';
import { AUTOSCALING_PREFIX, HPA_CLASS, KPA_CLASS } from '../labels.js';
import {
  errGeneric,
  errInvalidKeyName,
  errInvalidValue,
  errOutOfBoundsValue,
  type FieldErrors,
} from './field-error.js';

const P = AUTOSCALING_PREFIX;
const MAX_INT32 = 2147483647;
const HOUR_MS = 3_600_000;

/** An annotation value found under its current key or its legacy camelCase alias (current wins). */
interface Found {
  key: string;
  value: string;
}

function lookup(anns: Readonly<Record<string, string>>, name: string, alias?: string): Found | undefined {
  const key = P + name;
  if (anns[key] !== undefined) return { key, value: anns[key] };
  if (alias && anns[P + alias] !== undefined) return { key: P + alias, value: anns[P + alias] };
  return undefined;
}

/** Go's `%v` of a float64 (whole numbers without a fraction). */
function goFloat(n: number): string {
  return Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf';
}

function parseFloatStrict(s: string): number | undefined {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s.trim()) ? Number(s) : undefined;
}

function parseInt32(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s.trim())) return undefined;
  const n = Number(s);
  return n >= -MAX_INT32 - 1 && n <= MAX_INT32 ? n : undefined;
}

/** The annotation keys that must only appear on revision templates. */
export function isAutoscalingAnnotation(key: string): boolean {
  return key.startsWith('autoscaling.knative.dev');
}

/** Errors for autoscaling annotations placed on Service/Configuration/Route metadata (path ""). */
export function validateNoAutoscalingAnnotations(anns: Readonly<Record<string, string>> | undefined): FieldErrors {
  return Object.keys(anns ?? {})
    .filter(isAutoscalingAnnotation)
    .map((k) =>
      errInvalidKeyName(k, '', 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work'),
    );
}

function intGE0(anns: Readonly<Record<string, string>>, name: string, alias: string | undefined, errs: FieldErrors) {
  const f = lookup(anns, name, alias);
  if (!f) return { found: undefined, value: 0 };
  const v = parseInt32(f.value);
  if (v === undefined) {
    errs.push(errInvalidValue(f.value, f.key));
    return { found: f, value: 0 };
  }
  if (v < 0) errs.push(errOutOfBoundsValue(v, 0, MAX_INT32, f.key));
  return { found: f, value: v };
}

function validateClass(anns: Readonly<Record<string, string>>, errs: FieldErrors): string {
  const f = lookup(anns, 'class');
  if (!f) return KPA_CLASS;
  if (f.value.endsWith('.knative.dev') && f.value !== KPA_CLASS && f.value !== HPA_CLASS) {
    errs.push(errInvalidValue(f.value, f.key));
  }
  return f.value;
}

function validateMinMax(anns: Readonly<Record<string, string>>, limits: AutoscalerLimits, errs: FieldErrors) {
  const min = intGE0(anns, 'min-scale', 'minScale', errs);
  const max = intGE0(anns, 'max-scale', 'maxScale', errs);
  if (max.value > 0 && max.value < min.value && max.found && min.found) {
    errs.push(errGeneric(`max-scale=${max.value} is less than min-scale=${min.value}`, [max.found.key, min.found.key]));
  }
  if (max.found && limits.maxScaleLimit > 0 && (max.value === 0 || max.value > limits.maxScaleLimit)) {
    errs.push(errOutOfBoundsValue(max.value, 1, limits.maxScaleLimit, max.found.key));
  }
  return { min: min.value, max: max.value, minKey: min.found?.key, maxKey: max.found?.key };
}

function validateFloats(anns: Readonly<Record<string, string>>, errs: FieldErrors): void {
  const bounded: [string, string | undefined, number, number][] = [
    ['panic-window-percentage', 'panicWindowPercentage', 1, 100],
    ['panic-threshold-percentage', 'panicThresholdPercentage', 110, 1000],
    ['target-utilization-percentage', 'targetUtilizationPercentage', 1, 100],
  ];
  for (const [name, alias, lo, hi] of bounded) {
    const f = lookup(anns, name, alias);
    if (!f) continue;
    const v = parseFloatStrict(f.value);
    if (v === undefined) errs.push(errInvalidValue(f.value, f.key));
    else if (v < lo || v > hi) errs.push(errOutOfBoundsValue(goFloat(v), goFloat(lo), goFloat(hi), f.key));
  }
  const target = lookup(anns, 'target');
  if (target) {
    const v = parseFloatStrict(target.value);
    if (v === undefined) errs.push(errInvalidValue(target.value, target.key));
    else if (v < 0.01) errs.push(errGeneric(`target ${target.value} should be at least 0.01`, [target.key]));
  }
  const tbc = lookup(anns, 'target-burst-capacity', 'targetBurstCapacity');
  if (tbc) {
    const v = parseFloatStrict(tbc.value);
    if (v === undefined) errs.push(errInvalidValue(tbc.value, tbc.key));
    else if (v < 0 && v !== -1) errs.push(errOutOfBoundsValue(goFloat(v), 0, '+Inf', tbc.key));
  }
}

function validateDuration(
  anns: Readonly<Record<string, string>>,
  name: string,
  alias: string | undefined,
  lo: number,
  hi: number,
  errs: FieldErrors,
): void {
  const f = lookup(anns, name, alias);
  if (!f) return;
  const ms = parseGoDuration(f.value);
  if (ms === undefined) {
    errs.push(errInvalidValue(f.value, f.key));
    return;
  }
  if (ms % 1000 !== 0) {
    errs.push(errInvalidValue(formatGoDuration(ms), f.key, 'must be specified with at most second precision'));
    return;
  }
  if (ms < lo || ms > hi) {
    errs.push(errOutOfBoundsValue(formatGoDuration(ms), formatGoDuration(lo), formatGoDuration(hi), f.key));
  }
}

function validateMetric(anns: Readonly<Record<string, string>>, cls: string, errs: FieldErrors): void {
  const f = lookup(anns, 'metric');
  if (!f) return;
  if (cls === KPA_CLASS) {
    if (f.value !== 'concurrency' && f.value !== 'rps') errs.push(errInvalidValue(f.value, f.key));
  } else if (cls === HPA_CLASS && f.value === '') {
    errs.push(errInvalidValue(f.value, f.key));
  }
}

function validateAlgorithm(anns: Readonly<Record<string, string>>, cls: string, errs: FieldErrors): void {
  const f = lookup(anns, 'metric-aggregation-algorithm', 'metricAggregationAlgorithm');
  if (!f || cls !== KPA_CLASS) return;
  if (!['linear', 'weighted-exponential', 'weightedExponential'].includes(f.value)) {
    errs.push(errInvalidValue(f.value, f.key));
  }
}

function validateInitialScale(anns: Readonly<Record<string, string>>, limits: AutoscalerLimits, errs: FieldErrors) {
  const f = lookup(anns, 'initial-scale', 'initialScale');
  if (!f) return;
  const v = parseInt32(f.value);
  if (v === undefined || v < 0) errs.push(errInvalidValue(f.value, f.key));
  else if (v === 0 && !limits.allowZeroInitialScale) {
    errs.push(errGeneric(`${f.key.slice(P.length)}=${v} not allowed by cluster`, [f.key]));
  }
}

function validateActivationScale(
  anns: Readonly<Record<string, string>>,
  mm: { min: number; max: number; minKey?: string; maxKey?: string },
  errs: FieldErrors,
): void {
  const f = lookup(anns, 'activation-scale');
  if (!f) return;
  const v = parseInt32(f.value);
  if (v === undefined) {
    errs.push(errInvalidValue(f.value, f.key));
    return;
  }
  if (v < 2) {
    errs.push(errGeneric(`activation-scale=${v} must be greater than 1`, [f.key]));
    return;
  }
  if (mm.minKey && mm.min > v) {
    errs.push(errGeneric(`min-scale=${mm.min} is greater than activation-scale=${v}`, [f.key, mm.minKey]));
  }
  if (mm.maxKey && mm.max > 0 && mm.max < v) {
    errs.push(errGeneric(`max-scale=${mm.max} is less than activation-scale=${v}`, [f.key, mm.maxKey]));
  }
}

/** Validates the autoscaling annotations of a revision template or Revision (paths = keys). */
export function validateAutoscalingAnnotations(
  anns: Readonly<Record<string, string>> | undefined,
  limits: AutoscalerLimits,
): FieldErrors {
  if (!anns) return [];
  const errs: FieldErrors = [];
  const cls = validateClass(anns, errs);
  const mm = validateMinMax(anns, limits, errs);
  validateFloats(anns, errs);
  validateDuration(anns, 'window', undefined, 6000, HOUR_MS, errs);
  validateDuration(anns, 'scale-to-zero-pod-retention-period', undefined, 0, HOUR_MS, errs);
  validateDuration(anns, 'scale-down-delay', 'scaleDownDelay', 0, HOUR_MS, errs);
  validateMetric(anns, cls, errs);
  validateAlgorithm(anns, cls, errs);
  validateInitialScale(anns, limits, errs);
  validateActivationScale(anns, mm, errs);
  return errs;
}
