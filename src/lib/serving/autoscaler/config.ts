// config-autoscaler (namespace knative-serving): every key with upstream's defaults and validation
// texts, so a bad ConfigMap is reported the way Knative reports it.
import { formatGoDuration, parseGoDuration } from '../duration.js';
import { KPA_CLASS } from '../labels.js';

/** Name of the ConfigMap this module parses. */
export const CONFIG_AUTOSCALER = 'config-autoscaler';

/** Smallest allowed per-pod target (annotation `target`, derived targets). */
export const TARGET_MIN = 0.01;
/** Stable window bounds (annotation `window`, key `stable-window`). */
export const WINDOW_MIN_MS = 6_000;
export const WINDOW_MAX_MS = 3_600_000;
/** Panic window percentage bounds. */
export const PANIC_WINDOW_PERCENTAGE_MIN = 1;
export const PANIC_WINDOW_PERCENTAGE_MAX = 100;
/** Panic threshold percentage bounds (annotation only; the config key is not range-checked upstream). */
export const PANIC_THRESHOLD_PERCENTAGE_MIN = 110;
export const PANIC_THRESHOLD_PERCENTAGE_MAX = 1000;

/** Parsed config-autoscaler; durations in milliseconds, percentages turned into fractions where noted. */
export interface AutoscalerConfig {
  enableScaleToZero: boolean;
  /** container-concurrency-target-percentage as a fraction in (0, 1]. */
  containerConcurrencyTargetFraction: number;
  containerConcurrencyTargetDefault: number;
  /** Utilization applied to the rps target; upstream keeps it at 0.7 and has no key for it. */
  targetUtilization: number;
  rpsTargetDefault: number;
  targetBurstCapacity: number;
  stableWindowMs: number;
  panicWindowPercentage: number;
  panicThresholdPercentage: number;
  maxScaleUpRate: number;
  maxScaleDownRate: number;
  scaleToZeroGracePeriodMs: number;
  scaleToZeroPodRetentionPeriodMs: number;
  podAutoscalerClass: string;
  activatorCapacity: number;
  initialScale: number;
  allowZeroInitialScale: boolean;
  minScale: number;
  /** 0 = unbounded. */
  maxScale: number;
  scaleDownDelayMs: number;
  /** 0 = no limit. */
  maxScaleLimit: number;
}

/** The defaults upstream compiles in (target-burst-capacity 211 as in current releases). */
export function defaultAutoscalerConfig(): AutoscalerConfig {
  return {
    enableScaleToZero: true,
    containerConcurrencyTargetFraction: 0.7,
    containerConcurrencyTargetDefault: 100,
    targetUtilization: 0.7,
    rpsTargetDefault: 200,
    targetBurstCapacity: 211,
    stableWindowMs: 60_000,
    panicWindowPercentage: 10,
    panicThresholdPercentage: 200,
    maxScaleUpRate: 1000,
    maxScaleDownRate: 2,
    scaleToZeroGracePeriodMs: 30_000,
    scaleToZeroPodRetentionPeriodMs: 0,
    podAutoscalerClass: KPA_CLASS,
    activatorCapacity: 100,
    initialScale: 1,
    allowZeroInitialScale: false,
    minScale: 0,
    maxScale: 0,
    scaleDownDelayMs: 0,
    maxScaleLimit: 0,
  };
}

/** A config-autoscaler value that cannot be used; the message is upstream's text. */
export class AutoscalerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AutoscalerConfigError';
  }
}

type Data = Readonly<Record<string, string>> | undefined;

// Go's %v for a float64 prints the shortest representation, as JS does.
const fmt = (n: number): string => String(n);
// Go's %f prints six decimals.
const fmtF = (n: number): string => n.toFixed(6);
const dur = formatGoDuration;

function parseFailure(key: string, detail: string): AutoscalerConfigError {
  return new AutoscalerConfigError(`failed to parse data: failed to parse "${key}": ${detail}`);
}

function readFloat(data: Data, key: string, dflt: number): number {
  const raw = data?.[key];
  if (raw === undefined) return dflt;
  const v = raw.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v)) {
    throw parseFailure(key, `strconv.ParseFloat: parsing ${JSON.stringify(v)}: invalid syntax`);
  }
  return Number(v);
}

function readInt32(data: Data, key: string, dflt: number): number {
  const raw = data?.[key];
  if (raw === undefined) return dflt;
  const v = raw.trim();
  if (!/^[+-]?\d+$/.test(v)) throw parseFailure(key, `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = Number(v);
  if (n > 2147483647 || n < -2147483648) {
    throw parseFailure(key, `strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  }
  return n;
}

function readBool(data: Data, key: string, dflt: boolean): boolean {
  const raw = data?.[key];
  if (raw === undefined) return dflt;
  const v = raw.trim();
  // strconv.ParseBool's accepted spellings.
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw parseFailure(key, `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
}

function readDuration(data: Data, key: string, dflt: number): number {
  const raw = data?.[key];
  if (raw === undefined) return dflt;
  const ms = parseGoDuration(raw.trim());
  if (ms === undefined) throw parseFailure(key, `time: invalid duration ${JSON.stringify(raw.trim())}`);
  return ms;
}

function readString(data: Data, key: string, dflt: string): string {
  const raw = data?.[key];
  return raw === undefined ? dflt : raw.trim();
}

/** Parses config-autoscaler data (undefined ⇒ defaults); throws AutoscalerConfigError with upstream's text. */
export function parseAutoscalerConfig(data: Data): AutoscalerConfig {
  const d = defaultAutoscalerConfig();
  const c: AutoscalerConfig = {
    ...d,
    podAutoscalerClass: readString(data, 'pod-autoscaler-class', d.podAutoscalerClass),
    enableScaleToZero: readBool(data, 'enable-scale-to-zero', d.enableScaleToZero),
    allowZeroInitialScale: readBool(data, 'allow-zero-initial-scale', d.allowZeroInitialScale),
    maxScaleUpRate: readFloat(data, 'max-scale-up-rate', d.maxScaleUpRate),
    maxScaleDownRate: readFloat(data, 'max-scale-down-rate', d.maxScaleDownRate),
    containerConcurrencyTargetFraction: readFloat(data, 'container-concurrency-target-percentage', 70),
    containerConcurrencyTargetDefault: readFloat(data, 'container-concurrency-target-default', d.containerConcurrencyTargetDefault),
    rpsTargetDefault: readFloat(data, 'requests-per-second-target-default', d.rpsTargetDefault),
    targetBurstCapacity: readFloat(data, 'target-burst-capacity', d.targetBurstCapacity),
    panicWindowPercentage: readFloat(data, 'panic-window-percentage', d.panicWindowPercentage),
    activatorCapacity: readFloat(data, 'activator-capacity', d.activatorCapacity),
    panicThresholdPercentage: readFloat(data, 'panic-threshold-percentage', d.panicThresholdPercentage),
    initialScale: readInt32(data, 'initial-scale', d.initialScale),
    minScale: readInt32(data, 'min-scale', d.minScale),
    maxScale: readInt32(data, 'max-scale', d.maxScale),
    maxScaleLimit: readInt32(data, 'max-scale-limit', d.maxScaleLimit),
    stableWindowMs: readDuration(data, 'stable-window', d.stableWindowMs),
    scaleDownDelayMs: readDuration(data, 'scale-down-delay', d.scaleDownDelayMs),
    scaleToZeroGracePeriodMs: readDuration(data, 'scale-to-zero-grace-period', d.scaleToZeroGracePeriodMs),
    scaleToZeroPodRetentionPeriodMs: readDuration(data, 'scale-to-zero-pod-retention-period', d.scaleToZeroPodRetentionPeriodMs),
  };
  // For legacy reasons values in (0, 1] are already fractions; anything above is a percentage.
  if (c.containerConcurrencyTargetFraction > 1) c.containerConcurrencyTargetFraction /= 100;
  validateAutoscalerConfig(c);
  return c;
}

// Upstream's checks in upstream's order, so the first reported error matches.
function validateAutoscalerConfig(c: AutoscalerConfig): void {
  const fail = (msg: string): never => {
    throw new AutoscalerConfigError(msg);
  };
  if (c.scaleToZeroGracePeriodMs <= 0) {
    fail(`scale-to-zero-grace-period must be positive, was: ${dur(c.scaleToZeroGracePeriodMs)}`);
  }
  if (c.scaleDownDelayMs < 0) fail(`scale-down-delay cannot be negative, was: ${dur(c.scaleDownDelayMs)}`);
  if (c.scaleDownDelayMs % 1000 !== 0) {
    fail(`scale-down-delay = ${dur(c.scaleDownDelayMs)}, must be specified with at most second precision`);
  }
  if (c.scaleToZeroPodRetentionPeriodMs < 0) {
    fail(`scale-to-zero-pod-retention-period cannot be negative, was: ${dur(c.scaleToZeroPodRetentionPeriodMs)}`);
  }
  if (c.targetBurstCapacity < 0 && c.targetBurstCapacity !== -1) {
    fail(`target-burst-capacity must be either non-negative or -1 (for unlimited), was: ${fmtF(c.targetBurstCapacity)}`);
  }
  if (c.containerConcurrencyTargetFraction <= 0 || c.containerConcurrencyTargetFraction > 1) {
    fail(`container-concurrency-target-percentage = ${fmtF(c.containerConcurrencyTargetFraction)} is outside of valid range of (0, 100]`);
  }
  const derived = c.containerConcurrencyTargetFraction * c.containerConcurrencyTargetDefault;
  if (derived < TARGET_MIN) {
    fail(
      `container-concurrency-target-percentage and container-concurrency-target-default yield target concurrency of ${fmt(derived)}, can't be less than ${fmt(TARGET_MIN)}`,
    );
  }
  if (c.rpsTargetDefault < TARGET_MIN) {
    fail(`requests-per-second-target-default must be at least ${fmt(TARGET_MIN)}, was: ${fmt(c.rpsTargetDefault)}`);
  }
  if (c.activatorCapacity < 1) fail(`activator-capacity = ${fmt(c.activatorCapacity)}, must be at least 1`);
  if (c.maxScaleUpRate <= 1) fail(`max-scale-up-rate = ${fmt(c.maxScaleUpRate)}, must be greater than 1.0`);
  if (c.maxScaleDownRate <= 1) fail(`max-scale-down-rate = ${fmt(c.maxScaleDownRate)}, must be greater than 1.0`);
  if (c.stableWindowMs < WINDOW_MIN_MS || c.stableWindowMs > WINDOW_MAX_MS) {
    fail(`stable-window = ${dur(c.stableWindowMs)}, must be in [${dur(WINDOW_MIN_MS)}; ${dur(WINDOW_MAX_MS)}] range`);
  }
  if (c.stableWindowMs % 1000 !== 0) {
    fail(`stable-window = ${dur(c.stableWindowMs)}, must be specified with at most second precision`);
  }
  if (c.panicWindowPercentage < PANIC_WINDOW_PERCENTAGE_MIN || c.panicWindowPercentage > PANIC_WINDOW_PERCENTAGE_MAX) {
    fail(
      `panic-window-percentage = ${fmt(c.panicWindowPercentage)}, must be in [${PANIC_WINDOW_PERCENTAGE_MIN}, ${PANIC_WINDOW_PERCENTAGE_MAX}] interval`,
    );
  }
  if (c.initialScale < 0 || (c.initialScale === 0 && !c.allowZeroInitialScale)) {
    fail(`initial-scale = ${c.initialScale}, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)`);
  }
  if (c.minScale < 0) fail(`min-scale = ${c.minScale}, must be at least 0`);
  const minMaxScale = c.maxScaleLimit > 0 ? 1 : 0;
  if (c.maxScale < minMaxScale || (c.maxScaleLimit > 0 && c.maxScale > c.maxScaleLimit)) {
    fail(`max-scale = ${c.maxScale}, must be in [${minMaxScale}, max-scale-limit(${c.maxScaleLimit})] range`);
  }
  if (c.maxScaleLimit < 0) fail(`max-scale-limit = ${c.maxScaleLimit}, must be at least 0`);
  // (inferred) the cluster-wide min must fit under the cluster-wide max.
  if (c.maxScale > 0 && c.minScale > c.maxScale) {
    fail(`min-scale (${c.minScale}) must be less than max-scale (${c.maxScale})`);
  }
}
