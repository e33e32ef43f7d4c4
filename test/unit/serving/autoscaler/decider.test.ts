import { defaultAutoscalerConfig } from '../../../../src/lib/serving/autoscaler/config.js';
import { makeDeciderSpec } from '../../../../src/lib/serving/autoscaler/decider.js';

const A = 'autoscaling.knative.dev/';
const cfg = defaultAutoscalerConfig();

describe('makeDeciderSpec', () => {
  it.each([
    // [annotations, containerConcurrency, total, target]
    [{}, 0, 100, 70], // default target 100 × 70%
    [{}, 10, 10, 7], // containerConcurrency is the capacity
    [{ [`${A}target`]: '10' }, 0, 10, 7], // tutorial: target 10 ⇒ 7 per pod at 70%
    [{ [`${A}target`]: '50' }, 20, 20, 14], // never above containerConcurrency
    [{ [`${A}target`]: '10', [`${A}target-utilization-percentage`]: '100' }, 0, 10, 10],
    [{ [`${A}target`]: '0.01', [`${A}target-utilization-percentage`]: '1' }, 0, 0.01, 0.01], // floor 0.01
    [{ [`${A}metric`]: 'rps' }, 0, 200, 140],
    [{ [`${A}metric`]: 'rps', [`${A}target`]: '50' }, 5, 50, 35], // cc does not cap rps
  ])('resolves %p with cc=%p to total %p, target %p', (anns, cc, total, target) => {
    const s = makeDeciderSpec(anns, cfg, { containerConcurrency: cc });
    expect(s.totalValue).toBeCloseTo(total);
    expect(s.targetValue).toBeCloseTo(target);
  });

  it('derives windows, thresholds and rates', () => {
    const s = makeDeciderSpec({ [`${A}window`]: '2m', [`${A}panic-window-percentage`]: '20', [`${A}panic-threshold-percentage`]: '300' }, cfg);
    expect(s.stableWindowMs).toBe(120_000);
    expect(s.panicWindowMs).toBe(24_000);
    expect(s.panicThreshold).toBe(3);
    const d = makeDeciderSpec({}, cfg);
    expect(d.panicWindowMs).toBe(6_000);
    expect(d.panicThreshold).toBe(2);
    expect(d.maxScaleUpRate).toBe(1000);
    expect(d.maxScaleDownRate).toBe(2);
    expect(d.targetBurstCapacity).toBe(211);
    expect(d.activationScale).toBe(1);
    expect(d.aggregation).toBe('linear');
  });

  it('never makes the panic window narrower than a bucket', () => {
    expect(makeDeciderSpec({ [`${A}window`]: '6s', [`${A}panic-window-percentage`]: '1' }, cfg).panicWindowMs).toBe(1000);
  });

  it('reads scale bounds with legacy aliases, new names first', () => {
    const s = makeDeciderSpec({ [`${A}minScale`]: '2', [`${A}max-scale`]: '5', [`${A}maxScale`]: '9', [`${A}initialScale`]: '3' }, cfg);
    expect([s.minScale, s.maxScale, s.initialScale]).toEqual([2, 5, 3]);
  });

  it('drops the min-scale floor of an unreachable revision', () => {
    expect(makeDeciderSpec({ [`${A}min-scale`]: '2' }, cfg, { reachable: false }).minScale).toBe(0);
  });

  it('takes durations and burst capacity from annotations over config', () => {
    const s = makeDeciderSpec(
      {
        [`${A}scale-down-delay`]: '30s',
        [`${A}scale-to-zero-pod-retention-period`]: '1m',
        [`${A}target-burst-capacity`]: '-1',
        [`${A}metric-aggregation-algorithm`]: 'weightedExponential',
        [`${A}activation-scale`]: '3',
      },
      { ...cfg, scaleToZeroGracePeriodMs: 10_000 },
    );
    expect(s.scaleDownDelayMs).toBe(30_000);
    expect(s.scaleToZeroPodRetentionMs).toBe(60_000);
    expect(s.scaleToZeroGracePeriodMs).toBe(10_000);
    expect(s.targetBurstCapacity).toBe(-1);
    expect(s.aggregation).toBe('weighted-exponential');
    expect(s.activationScale).toBe(3);
  });
});
