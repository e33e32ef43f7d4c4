// The KPA decision for one revision per tick, pure and clock-free: upstream's autoscaler Scale()
// (stable/panic windows, rate limits, activation scale, scale-down delay, excess burst capacity)
// followed by the PodAutoscaler reconciler's part (min/max/initial scale, the scale-to-zero
// sequence, the Active condition and the SKS mode). All state lives in ScaleState, returned anew.
import { type DeciderSpec, MIN_ACTIVATORS } from './decider.js';
import type { WindowedMetrics } from './metrics.js';

/** Desired scale when the autoscaler has no opinion yet. */
export const SCALE_UNKNOWN = -1;
/** Bucket width of the scale-down delay window (upstream's tick interval). */
export const DELAY_GRANULARITY_MS = 2000;

/** PodAutoscaler `Active` condition status. */
export type ActiveStatus = 'True' | 'False' | 'Unknown';
/** ServerlessService mode: Serve = traffic straight to pods, Proxy = through the activator. */
export type SksMode = 'Serve' | 'Proxy';

/** Reasons and messages of the PodAutoscaler Active condition. */
export const ACTIVE_REASONS = {
  queued: { reason: 'Queued', message: 'Requests to the target are being buffered as resources are provisioned.' },
  noTraffic: { reason: 'NoTraffic', message: 'The target is not receiving traffic.' },
  timedOut: { reason: 'TimedOut', message: 'The target could not be activated.' },
} as const;

/** Everything remembered between ticks for one revision. */
export interface ScaleState {
  /** When panic mode was last (re)entered; undefined when not panicking. */
  panicTime?: number;
  /** Highest pod count asked for during this panic (no scale-down while panicking). */
  maxPanicPods: number;
  /** Recent desired counts for the scale-down delay (max per bucket). */
  delayWindow: ReadonlyArray<{ bucket: number; value: number }>;
  /** The autoscaler's last valid desired count (SCALE_UNKNOWN before any data). */
  decidedScale: number;
  /** The autoscaler's last valid excess burst capacity. */
  excessBurstCapacity: number;
  active: ActiveStatus;
  activeReason?: string;
  /** lastTransitionTime of the Active condition. */
  activeSince: number;
  /** Initial scale was reached once (then it stops acting as a floor). */
  scaleTargetInitialized: boolean;
  mode: SksMode;
  modeSince: number;
}

/** The outcome of one tick. */
export interface ScaleDecision {
  /** What the PodAutoscaler wants (status.desiredScale); SCALE_UNKNOWN = no opinion. */
  desiredScale: number;
  /** Whether the scale target should be set to desiredScale now. */
  applyScale: boolean;
  excessBurstCapacity: number;
  mode: SksMode;
  /** Activators upstream would assign to the revision. */
  numActivators: number;
  active: { status: ActiveStatus; reason?: string; message?: string };
  scaleTargetInitialized: boolean;
  panicking: boolean;
  state: ScaleState;
}

/**
 * Fresh state for a revision first seen at `now` with `readyPods` ready. With more than one pod
 * ready it starts in panic mode so a restarted autoscaler, having lost its history, does not scale
 * down before it has seen a window of data.
 */
export function initialScaleState(now: number, readyPods: number, spec: Pick<DeciderSpec, 'targetBurstCapacity'>): ScaleState {
  return {
    panicTime: readyPods > 1 ? now : undefined,
    maxPanicPods: readyPods,
    delayWindow: [],
    decidedScale: SCALE_UNKNOWN,
    // Until measured, assume no spare capacity so the activator stays in the path.
    excessBurstCapacity: spec.targetBurstCapacity === 0 ? 0 : -1,
    active: 'Unknown',
    activeReason: undefined,
    activeSince: now,
    scaleTargetInitialized: false,
    mode: 'Proxy',
    modeSince: now,
  };
}

/** Activators upstream assigns: enough to hold the revision's capacity plus its burst, at least two. */
export function computeNumActivators(readyPods: number, spec: DeciderSpec): number {
  if (spec.targetBurstCapacity === 0) return MIN_ACTIVATORS;
  let cover = readyPods * spec.totalValue;
  if (spec.targetBurstCapacity > 0) cover += spec.targetBurstCapacity;
  return Math.max(MIN_ACTIVATORS, Math.ceil(cover / spec.activatorCapacity));
}

interface AutoscalerResult {
  desired: number;
  ebc: number;
}

// Upstream autoscaler.Scale(): mutates the panic and delay fields of `st`.
function decide(spec: DeciderSpec, now: number, m: WindowedMetrics, readyPods: number, st: ScaleState): AutoscalerResult {
  // Ratios use at least one pod, or nothing could ever scale up from zero.
  const rpc = Math.max(1, readyPods);
  const [stable, panic] = spec.metric === 'rps' ? [m.stableRps, m.panicRps] : [m.stableConcurrency, m.panicConcurrency];

  // ceil() lets a conservative rate still add a pod: rate 1.1 × 2 pods allows 3, not 2.
  const maxScaleUp = Math.ceil(spec.maxScaleUpRate * rpc);
  // An unreachable revision may drop straight to zero.
  const maxScaleDown = spec.reachable ? Math.floor(rpc / spec.maxScaleDownRate) : 0;

  const dspc = Math.ceil(stable / spec.targetValue);
  const dppc = Math.ceil(panic / spec.targetValue);
  let stablePods = Math.min(Math.max(dspc, maxScaleDown), maxScaleUp);
  let panicPods = Math.min(Math.max(dppc, maxScaleDown), maxScaleUp);
  if (spec.activationScale > 1) {
    if (dspc > 0 && spec.activationScale > stablePods) stablePods = spec.activationScale;
    if (dppc > 0 && spec.activationScale > panicPods) panicPods = spec.activationScale;
  }

  const overThreshold = dppc / rpc >= spec.panicThreshold;
  if (overThreshold) {
    // Enter panic, or extend it while the burst lasts.
    st.panicTime = now;
  } else if (st.panicTime !== undefined && st.panicTime + spec.stableWindowMs < now) {
    // Leave once the burst has had a full stable window to show up in the stable average.
    st.panicTime = undefined;
    st.maxPanicPods = 0;
  }

  let desired = stablePods;
  if (st.panicTime !== undefined) {
    // Provision for whichever window asks more, and never go down while panicking.
    desired = Math.max(desired, panicPods);
    if (desired > st.maxPanicPods) st.maxPanicPods = desired;
    desired = st.maxPanicPods;
  }

  if (spec.scaleDownDelayMs > 0) {
    const size = Math.ceil(spec.scaleDownDelayMs / DELAY_GRANULARITY_MS);
    const bucket = Math.floor(now / DELAY_GRANULARITY_MS);
    const kept = st.delayWindow.filter((e) => e.bucket > bucket - size);
    const last = kept[kept.length - 1];
    if (last && last.bucket === bucket) kept[kept.length - 1] = { bucket, value: Math.max(last.value, desired) };
    else kept.push({ bucket, value: desired });
    st.delayWindow = kept;
    desired = Math.max(...kept.map((e) => e.value));
  }

  // Spare capacity beyond the requested burst; negative means the activator must stay in the path.
  let ebc = -1;
  if (spec.targetBurstCapacity === 0) ebc = 0;
  else if (spec.targetBurstCapacity > 0) ebc = Math.floor(readyPods * spec.totalValue - spec.targetBurstCapacity - panic);
  return { desired, ebc };
}

// pre: 0 <= min, max 0 = unbounded.
function applyBounds(min: number, max: number, x: number): number {
  if (x < min) return min;
  if (max !== 0 && x > max) return max;
  return x;
}

// Upstream handleScaleToZero: returns the scale and whether to apply it.
function handleScaleToZero(spec: DeciderSpec, now: number, st: ScaleState, desired: number): [number, boolean] {
  if (desired !== 0) return [desired, true];
  if (!spec.enableScaleToZero) return [1, true];
  const since = now - st.activeSince;
  if (st.active === 'Unknown') {
    // Stuck activating past the progress deadline: give up and go to zero.
    if (since > spec.activationTimeoutMs) return [0, true];
    return [SCALE_UNKNOWN, false];
  }
  if (st.active === 'True') {
    // Active long enough: report 0 so the PA turns inactive and the activator moves into the path,
    // but keep the pod until that has happened.
    if (since >= spec.stableWindowMs) return [0, false];
    return [1, true];
  }
  // Inactive: only scale to zero once the activator has been in the path for the grace period.
  const activatorInPath = spec.targetBurstCapacity === -1 || st.mode === 'Proxy';
  if (!activatorInPath) return [0, false];
  const retention = spec.scaleToZeroPodRetentionMs;
  if (since >= Math.max(spec.scaleToZeroGracePeriodMs, retention)) return [0, true];
  const proxyFor = st.mode === 'Proxy' ? now - st.modeSince : 0;
  if (spec.scaleToZeroGracePeriodMs - proxyFor <= 0 && since >= retention) return [0, true];
  return [0, false];
}

function setActive(st: ScaleState, now: number, status: ActiveStatus, reason?: string): void {
  if (st.active !== status) st.activeSince = now;
  st.active = status;
  st.activeReason = reason;
}

/**
 * One tick for one revision. `metrics` undefined means no data in the stable window (the decision
 * then keeps its previous value); `readyPods` counts ready endpoints.
 */
export function scale(
  spec: DeciderSpec,
  now: number,
  metrics: WindowedMetrics | undefined,
  readyPods: number,
  state: ScaleState,
): ScaleDecision {
  const st: ScaleState = { ...state, delayWindow: [...state.delayWindow] };
  const readyCount = Math.max(0, readyPods);

  if (metrics) {
    const r = decide(spec, now, metrics, readyCount, st);
    st.decidedScale = r.desired;
    st.excessBurstCapacity = r.ebc;
  }

  let want = st.decidedScale;
  let apply = false;
  if (want >= 0 || st.active === 'Unknown') {
    let min = spec.minScale;
    // Until it has been reached once, initial-scale acts as the floor.
    if (spec.initialScale > 1 && !st.scaleTargetInitialized) min = Math.max(spec.initialScale, min);
    want = applyBounds(min, spec.maxScale, want);
    [want, apply] = handleScaleToZero(spec, now, st, want);
  }

  // The activator sits in the path at zero, without spare burst capacity, or when an inactive
  // revision has no fresh decision yet.
  const mode: SksMode =
    want === 0 || st.excessBurstCapacity < 0 || (want === SCALE_UNKNOWN && st.active === 'False') ? 'Proxy' : 'Serve';
  if (mode !== st.mode) {
    st.mode = mode;
    st.modeSince = now;
  }

  // Active condition: how many ready pods count as "active".
  const minReady = st.scaleTargetInitialized ? Math.max(spec.minScale, 1) : Math.max(spec.minScale, spec.initialScale);
  if (readyCount >= minReady) st.scaleTargetInitialized = true;
  if (want === 0 || minReady === 0) {
    if (st.active === 'Unknown' && minReady > 0) setActive(st, now, 'False', ACTIVE_REASONS.timedOut.reason);
    else setActive(st, now, 'False', ACTIVE_REASONS.noTraffic.reason);
  } else if (readyCount < minReady) {
    if (want > 0 || st.active !== 'False') setActive(st, now, 'Unknown', ACTIVE_REASONS.queued.reason);
    else setActive(st, now, 'False', ACTIVE_REASONS.noTraffic.reason);
  } else if (want > 0 || st.active !== 'False') {
    setActive(st, now, 'True');
  }

  const reason = Object.values(ACTIVE_REASONS).find((r) => r.reason === st.activeReason);
  return {
    desiredScale: want,
    applyScale: apply && want >= 0,
    excessBurstCapacity: st.excessBurstCapacity,
    mode,
    numActivators: computeNumActivators(readyCount, spec),
    active: { status: st.active, reason: reason?.reason, message: reason?.message },
    scaleTargetInitialized: st.scaleTargetInitialized,
    panicking: st.panicTime !== undefined,
    state: st,
  };
}
