// The KPA decision walked through by hand: each case states the inputs and works upstream's
// formulas in the comment, then checks the result.
import { defaultAutoscalerConfig } from '../../../../src/lib/serving/autoscaler/config.js';
import { type DeciderSpec, makeDeciderSpec } from '../../../../src/lib/serving/autoscaler/decider.js';
import type { WindowedMetrics } from '../../../../src/lib/serving/autoscaler/metrics.js';
import {
  SCALE_UNKNOWN,
  type ScaleState,
  computeNumActivators,
  initialScaleState,
  scale,
} from '../../../../src/lib/serving/autoscaler/scale.js';

const T0 = 1_700_000_000_000;
const S = 1000;

function spec(over: Partial<DeciderSpec> = {}): DeciderSpec {
  return { ...makeDeciderSpec({}, defaultAutoscalerConfig()), ...over };
}

function load(stable: number, panic = stable): WindowedMetrics {
  return { stableConcurrency: stable, panicConcurrency: panic, stableRps: 0, panicRps: 0 };
}

// A revision that has been serving (Active=True, initialized) since `since`.
function activeState(since: number, sp: DeciderSpec, over: Partial<ScaleState> = {}): ScaleState {
  return {
    ...initialScaleState(since, 1, sp),
    active: 'True',
    activeSince: since,
    scaleTargetInitialized: true,
    mode: 'Serve',
    modeSince: since,
    ...over,
  };
}

describe('scale: the autoscaler part', () => {
  it('changes nothing without data', () => {
    const sp = spec();
    const d = scale(sp, T0, undefined, 0, initialScaleState(T0, 0, sp));
    expect(d.desiredScale).toBe(SCALE_UNKNOWN);
    expect(d.applyScale).toBe(false);
  });

  it('keeps the previous decision when data disappears', () => {
    const sp = spec({ targetValue: 10 });
    const first = scale(sp, T0, load(30, 10), 3, activeState(T0 - 120 * S, sp));
    // stable 30 / target 10 = 3 pods.
    expect(first.desiredScale).toBe(3);
    const second = scale(sp, T0 + 2 * S, undefined, 3, first.state);
    expect(second.desiredScale).toBe(3);
  });

  it('scales on the stable average: ceil(stable / target)', () => {
    // stable 50, target 10 ⇒ dspc 5; ready 5 ⇒ maxUp ceil(1000×5), maxDown floor(5/2)=2 ⇒ 5.
    // panic 50 ⇒ dppc 5; 5/5 = 1 < 2 ⇒ no panic.
    const sp = spec({ targetValue: 10, totalValue: 10 });
    const d = scale(sp, T0, load(50), 5, activeState(T0 - 120 * S, sp));
    expect(d.desiredScale).toBe(5);
    expect(d.panicking).toBe(false);
    expect(d.applyScale).toBe(true);
  });

  it('limits scale-up by max-scale-up-rate, but always allows one more pod', () => {
    // rate 1.1, ready 2 ⇒ maxUp = ceil(2.2) = 3 although stable 30 / target 1 asks for 30.
    const sp = spec({ targetValue: 1, maxScaleUpRate: 1.1 });
    const d = scale(sp, T0, load(30), 2, activeState(T0 - 120 * S, sp));
    expect(d.desiredScale).toBe(3);
  });

  it('limits scale-down by max-scale-down-rate', () => {
    // ready 10, no load ⇒ dspc 0; maxDown = floor(10 / 2) = 5.
    const sp = spec({ targetValue: 10 });
    const d = scale(sp, T0, load(0), 10, activeState(T0 - 120 * S, sp, { panicTime: undefined }));
    expect(d.desiredScale).toBe(5);
  });

  it('lets an unreachable revision drop without the scale-down limit', () => {
    const sp = spec({ targetValue: 10, reachable: false, minScale: 0 });
    const d = scale(sp, T0, load(0), 10, activeState(T0 - 120 * S, sp));
    // maxDown 0 ⇒ dspc 0 ⇒ 0, which the reconciler turns into the scale-to-zero sequence
    // (active > stable window ⇒ report 0, do not apply yet).
    expect(d.desiredScale).toBe(0);
    expect(d.applyScale).toBe(false);
  });

  it('enters panic at 2× and never scales down while panicking, then leaves after a stable window', () => {
    const sp = spec({ targetValue: 10 });
    // Tick 1: ready 1, panic 30 ⇒ dppc 3; 3/1 ≥ 2 ⇒ panic; desired max(stable ceil(5/10)=1, 3) = 3.
    let d = scale(sp, T0, load(5, 30), 1, activeState(T0 - 120 * S, sp));
    expect(d.panicking).toBe(true);
    expect(d.desiredScale).toBe(3);
    // Tick 2: load gone (ready 3, stable/panic 5 ⇒ 1 pod) but still within 60s of the last over-threshold tick ⇒ stays 3.
    d = scale(sp, T0 + 2 * S, load(5, 5), 3, d.state);
    expect(d.panicking).toBe(true);
    expect(d.desiredScale).toBe(3);
    // A burst during panic raises the floor: panic 60 ⇒ dppc 6, 6/3 = 2 ⇒ over again ⇒ 6.
    d = scale(sp, T0 + 4 * S, load(5, 60), 3, d.state);
    expect(d.desiredScale).toBe(6);
    // 60s after T0+4s, panicTime + 60s is not yet before now ⇒ still 6.
    d = scale(sp, T0 + 64 * S, load(5, 5), 6, d.state);
    expect(d.desiredScale).toBe(6);
    // One tick later panic ends: stable ceil(5/10)=1, maxDown floor(6/2)=3 ⇒ 3.
    d = scale(sp, T0 + 66 * S, load(5, 5), 6, d.state);
    expect(d.panicking).toBe(false);
    expect(d.desiredScale).toBe(3);
  });

  it('starts a restarted autoscaler in panic when more than one pod is ready', () => {
    const sp = spec({ targetValue: 10 });
    const st = { ...initialScaleState(T0, 4, sp), active: 'True' as const, scaleTargetInitialized: true };
    // No load, 4 ready ⇒ stable wants max(0, floor(4/2)=2) = 2, but maxPanicPods = 4 holds the count.
    const d = scale(sp, T0 + 2 * S, load(0), 4, st);
    expect(d.desiredScale).toBe(4);
  });

  it('raises a scale-up from zero to activation-scale', () => {
    // stable 1 / target 70 ⇒ dspc 1 > 0 ⇒ at least activation-scale 3.
    const sp = spec({ activationScale: 3 });
    const st: ScaleState = { ...activeState(T0 - 200 * S, sp), active: 'False', activeSince: T0 - 100 * S, mode: 'Proxy' };
    const d = scale(sp, T0, load(1), 0, st);
    expect(d.desiredScale).toBe(3);
    expect(d.applyScale).toBe(true);
  });

  it('holds the maximum of the scale-down delay window', () => {
    // Delay 10s = 5 buckets of 2s.
    const sp = spec({ targetValue: 10, scaleDownDelayMs: 10 * S, maxScaleDownRate: 100 });
    let d = scale(sp, T0, load(50, 0), 5, activeState(T0 - 120 * S, sp, { panicTime: undefined }));
    expect(d.desiredScale).toBe(5);
    d = scale(sp, T0 + 4 * S, load(10, 0), 5, d.state);
    expect(d.desiredScale).toBe(5); // wants 1, held at 5
    d = scale(sp, T0 + 8 * S, load(10, 0), 5, d.state);
    expect(d.desiredScale).toBe(5); // bucket of T0 still within the last 5
    d = scale(sp, T0 + 10 * S, load(10, 0), 5, d.state);
    expect(d.desiredScale).toBe(1); // T0's bucket has left the window
  });

  it.each([
    // [tbc, ready, total, panic, expected]  EBC = floor(ready × total − tbc − panic)
    [211, 3, 100, 50, 39], // 300 − 211 − 50
    [211, 1, 100, 0, -111], // one default pod cannot absorb a 211 burst
    [0, 1, 100, 10, 0], // no burst requested ⇒ 0
    [-1, 10, 100, 0, -1],
  ])('excess burst capacity with tbc %p, %p ready', (tbc, ready, total, panic, expected) => {
    const sp = spec({ targetBurstCapacity: tbc, totalValue: total, targetValue: 70 });
    const d = scale(sp, T0, load(panic, panic), ready, activeState(T0 - 120 * S, sp));
    expect(d.excessBurstCapacity).toBe(expected);
    // Negative capacity keeps the activator in the path.
    expect(d.mode).toBe(expected < 0 ? 'Proxy' : 'Serve');
  });

  it('counts activators like upstream', () => {
    // ceil((3×100 + 211) / 100) = 6; TBC 0 ⇒ 2; small ⇒ at least 2.
    expect(computeNumActivators(3, spec())).toBe(6);
    expect(computeNumActivators(3, spec({ targetBurstCapacity: 0 }))).toBe(2);
    expect(computeNumActivators(0, spec({ targetBurstCapacity: 10 }))).toBe(2);
  });

  it('uses rps when the metric is rps', () => {
    const sp = spec({ metric: 'rps', targetValue: 140 });
    const m = { stableConcurrency: 0, panicConcurrency: 0, stableRps: 300, panicRps: 300 };
    // ceil(300 / 140) = 3.
    expect(scale(sp, T0, m, 3, activeState(T0 - 120 * S, sp)).desiredScale).toBe(3);
  });
});

describe('scale: bounds and the PodAutoscaler part', () => {
  it('clamps to min-scale and max-scale', () => {
    const sp = spec({ targetValue: 10, minScale: 2, maxScale: 4 });
    expect(scale(sp, T0, load(0), 2, activeState(T0 - 120 * S, sp)).desiredScale).toBe(2);
    expect(scale(sp, T0, load(100), 2, activeState(T0 - 120 * S, sp)).desiredScale).toBe(4);
  });

  it('uses initial-scale as a floor until it was reached once', () => {
    const sp = spec({ targetValue: 10, initialScale: 3 });
    let d = scale(sp, T0, load(0), 1, initialScaleState(T0, 1, sp));
    expect(d.desiredScale).toBe(3);
    expect(d.active.status).toBe('Unknown');
    expect(d.active.reason).toBe('Queued');
    d = scale(sp, T0 + 2 * S, load(0), 3, d.state);
    expect(d.scaleTargetInitialized).toBe(true);
    expect(d.active.status).toBe('True');
  });

  it('goes to zero with defaults: active for a stable window, then inactive with the activator in path', () => {
    const sp = spec();
    // t0: first pod ready, no data yet ⇒ no opinion; the pod counts ⇒ Active=True.
    let d = scale(sp, T0, undefined, 1, initialScaleState(T0, 0, sp));
    expect(d.active.status).toBe('True');
    expect(d.desiredScale).toBe(SCALE_UNKNOWN);
    // t0+30s: no load ⇒ 0, but active for less than the 60s stable window ⇒ keep 1.
    d = scale(sp, T0 + 30 * S, load(0), 1, d.state);
    expect(d.desiredScale).toBe(1);
    expect(d.active.status).toBe('True');
    // t0+60s: active for 60s ⇒ report 0 without applying; PA inactive (NoTraffic).
    d = scale(sp, T0 + 60 * S, load(0), 1, d.state);
    expect(d.desiredScale).toBe(0);
    expect(d.applyScale).toBe(false);
    expect(d.active).toEqual({ status: 'False', reason: 'NoTraffic', message: 'The target is not receiving traffic.' });
    expect(d.mode).toBe('Proxy');
    // t0+62s: one default pod (100) cannot cover TBC 211, so the activator has been in the path since
    // t0 (≥ 30s grace) ⇒ scale to zero now.
    d = scale(sp, T0 + 62 * S, load(0), 1, d.state);
    expect(d.desiredScale).toBe(0);
    expect(d.applyScale).toBe(true);
  });

  it('waits the grace period when the activator only just moved into the path', () => {
    const sp = spec({ targetBurstCapacity: 0 });
    let d = scale(sp, T0, load(0), 1, activeState(T0 - 60 * S, sp));
    expect(d.active.status).toBe('False');
    expect(d.mode).toBe('Proxy');
    d = scale(sp, T0 + 28 * S, load(0), 1, d.state);
    expect(d.applyScale).toBe(false); // inactive and proxying for 28s < 30s
    d = scale(sp, T0 + 30 * S, load(0), 1, d.state);
    expect(d.applyScale).toBe(true);
    expect(d.desiredScale).toBe(0);
  });

  it('keeps the last pod for the pod retention period', () => {
    const sp = spec({ targetBurstCapacity: 0, scaleToZeroPodRetentionMs: 90 * S });
    let d = scale(sp, T0, load(0), 1, activeState(T0 - 60 * S, sp));
    d = scale(sp, T0 + 60 * S, load(0), 1, d.state);
    expect(d.applyScale).toBe(false); // inactive 60s < max(30s, 90s)
    d = scale(sp, T0 + 90 * S, load(0), 1, d.state);
    expect(d.applyScale).toBe(true);
  });

  it('never goes below one pod when scale to zero is disabled', () => {
    const sp = spec({ enableScaleToZero: false });
    const d = scale(sp, T0, load(0), 1, activeState(T0 - 120 * S, sp));
    expect(d.desiredScale).toBe(1);
    expect(d.applyScale).toBe(true);
  });

  it('wakes from zero: demand makes it Queued and asks for a pod', () => {
    const sp = spec();
    const st: ScaleState = { ...activeState(T0 - 300 * S, sp), active: 'False', activeReason: 'NoTraffic', activeSince: T0 - 200 * S, mode: 'Proxy', decidedScale: 0 };
    // The activator reports 1 concurrent request ⇒ ceil(1/70) = 1 pod.
    let d = scale(sp, T0, load(1, 1), 0, st);
    expect(d.desiredScale).toBe(1);
    expect(d.applyScale).toBe(true);
    expect(d.active.status).toBe('Unknown');
    expect(d.active.reason).toBe('Queued');
    d = scale(sp, T0 + 2 * S, load(1, 1), 1, d.state);
    expect(d.active.status).toBe('True');
  });

  it('gives up activating after the activation timeout', () => {
    const sp = spec({ activationTimeoutMs: 610 * S });
    let d = scale(sp, T0, undefined, 0, initialScaleState(T0, 0, sp));
    expect(d.active.status).toBe('Unknown');
    d = scale(sp, T0 + 610 * S, undefined, 0, d.state);
    expect(d.applyScale).toBe(false);
    d = scale(sp, T0 + 611 * S, undefined, 0, d.state);
    expect(d.desiredScale).toBe(0);
    expect(d.applyScale).toBe(true);
    expect(d.active).toEqual({ status: 'False', reason: 'TimedOut', message: 'The target could not be activated.' });
  });

  it('does not mutate the state it was given', () => {
    const sp = spec({ targetValue: 10, scaleDownDelayMs: 4 * S });
    const st = activeState(T0 - 120 * S, sp);
    const copy = JSON.parse(JSON.stringify(st));
    scale(sp, T0, load(100), 1, st);
    expect(st).toEqual(copy);
  });
});
