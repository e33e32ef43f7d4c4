import { defaultAutoscalerConfig, parseAutoscalerConfig } from '../../../../src/lib/serving/autoscaler/config.js';

describe('parseAutoscalerConfig', () => {
  it('gives upstream defaults for a missing or empty map', () => {
    expect(parseAutoscalerConfig(undefined)).toEqual(defaultAutoscalerConfig());
    const c = parseAutoscalerConfig({});
    expect(c.targetBurstCapacity).toBe(211);
    expect(c.containerConcurrencyTargetFraction).toBe(0.7);
    expect(c.stableWindowMs).toBe(60_000);
    expect(c.scaleToZeroGracePeriodMs).toBe(30_000);
    expect(c.podAutoscalerClass).toBe('kpa.autoscaling.knative.dev');
  });

  it('parses every kind of value', () => {
    const c = parseAutoscalerConfig({
      'container-concurrency-target-percentage': '80',
      'stable-window': '2m',
      'scale-to-zero-grace-period': '45s',
      'enable-scale-to-zero': 'false',
      'max-scale': '10',
      'target-burst-capacity': '-1',
      'scale-down-delay': '15s',
    });
    expect(c.containerConcurrencyTargetFraction).toBeCloseTo(0.8);
    expect(c.stableWindowMs).toBe(120_000);
    expect(c.scaleToZeroGracePeriodMs).toBe(45_000);
    expect(c.enableScaleToZero).toBe(false);
    expect(c.maxScale).toBe(10);
    expect(c.targetBurstCapacity).toBe(-1);
    expect(c.scaleDownDelayMs).toBe(15_000);
  });

  it('takes a utilization in (0, 1] as a fraction already (legacy)', () => {
    expect(parseAutoscalerConfig({ 'container-concurrency-target-percentage': '0.5' }).containerConcurrencyTargetFraction).toBe(0.5);
  });

  it.each([
    [{ 'max-scale-up-rate': '1' }, 'max-scale-up-rate = 1, must be greater than 1.0'],
    [{ 'max-scale-down-rate': '0.5' }, 'max-scale-down-rate = 0.5, must be greater than 1.0'],
    [{ 'stable-window': '5s' }, 'stable-window = 5s, must be in [6s; 1h0m0s] range'],
    [{ 'stable-window': '6500ms' }, 'stable-window = 6.5s, must be specified with at most second precision'],
    [{ 'scale-to-zero-grace-period': '0s' }, 'scale-to-zero-grace-period must be positive, was: 0s'],
    [{ 'scale-down-delay': '-1s' }, 'scale-down-delay cannot be negative, was: -1s'],
    [{ 'scale-down-delay': '1500ms' }, 'scale-down-delay = 1.5s, must be specified with at most second precision'],
    [{ 'target-burst-capacity': '-2' }, 'target-burst-capacity must be either non-negative or -1 (for unlimited), was: -2.000000'],
    [{ 'container-concurrency-target-percentage': '0' }, 'container-concurrency-target-percentage = 0.000000 is outside of valid range of (0, 100]'],
    [{ 'requests-per-second-target-default': '0' }, 'requests-per-second-target-default must be at least 0.01, was: 0'],
    [{ 'activator-capacity': '0' }, 'activator-capacity = 0, must be at least 1'],
    [{ 'panic-window-percentage': '0.5' }, 'panic-window-percentage = 0.5, must be in [1, 100] interval'],
    [{ 'initial-scale': '0' }, 'initial-scale = 0, must be at least 0 (or at least 1 when allow-zero-initial-scale is false)'],
    [{ 'max-scale-limit': '5', 'max-scale': '0' }, 'max-scale = 0, must be in [1, max-scale-limit(5)] range'],
    [{ 'max-scale-limit': '5', 'max-scale': '6' }, 'max-scale = 6, must be in [1, max-scale-limit(5)] range'],
    [{ 'max-scale-up-rate': 'fast' }, 'failed to parse data: failed to parse "max-scale-up-rate": strconv.ParseFloat: parsing "fast": invalid syntax'],
    [{ 'stable-window': '60' }, 'failed to parse data: failed to parse "stable-window": time: invalid duration "60"'],
  ])('rejects %p', (data, message) => {
    expect(() => parseAutoscalerConfig(data)).toThrow(message);
  });

  it('allows zero initial scale when the cluster allows it', () => {
    expect(parseAutoscalerConfig({ 'initial-scale': '0', 'allow-zero-initial-scale': 'true' }).initialScale).toBe(0);
  });
});
