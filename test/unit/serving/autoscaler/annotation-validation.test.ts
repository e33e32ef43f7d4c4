import { validateAutoscalingAnnotations } from '../../../../src/lib/serving/autoscaler/annotation-validation.js';
import { formatFieldIssues, prefixPaths } from '../../../../src/lib/serving/autoscaler/field-errors.js';

const A = 'autoscaling.knative.dev/';
const cluster = { allowZeroInitialScale: false, maxScaleLimit: 0 };
const check = (anns: Record<string, string>, cfg = cluster): string => formatFieldIssues(validateAutoscalingAnnotations(anns, cfg));

describe('validateAutoscalingAnnotations', () => {
  it.each([
    [{ [`${A}class`]: 'kpa.autoscaling.knative.dev', [`${A}metric`]: 'rps', [`${A}target`]: '10' }],
    [{ [`${A}minScale`]: '1', [`${A}maxScale`]: '3' }],
    [{ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: 'memory' }],
    [{ [`${A}class`]: 'example.com/custom', [`${A}metric`]: 'anything' }],
    [{ [`${A}window`]: '1m', [`${A}scale-down-delay`]: '30s', [`${A}target-burst-capacity`]: '-1' }],
    [{ [`${A}activation-scale`]: '3', [`${A}min-scale`]: '1', [`${A}max-scale`]: '5' }],
    [{ 'unrelated/annotation': 'x' }],
  ])('accepts %p', (anns) => {
    expect(check(anns)).toBe('');
  });

  it.each([
    [{ [`${A}class`]: 'foo.knative.dev' }, `invalid value: foo.knative.dev: ${A}class`],
    [{ [`${A}min-scale`]: '-1' }, `expected 0 <= -1 <= 2147483647: ${A}min-scale`],
    [{ [`${A}min-scale`]: 'x' }, `invalid value: x: ${A}min-scale`],
    [{ [`${A}max-scale`]: '99999999999' }, `expected 0 <= 99999999999 <= 2147483647: ${A}max-scale`],
    [{ [`${A}min-scale`]: '2', [`${A}max-scale`]: '1' }, `max-scale=1 is less than min-scale=2: ${A}max-scale, ${A}min-scale`],
    [{ [`${A}minScale`]: '2', [`${A}maxScale`]: '1' }, `max-scale=1 is less than min-scale=2: ${A}max-scale, ${A}min-scale`],
    [{ [`${A}activation-scale`]: '1' }, `activation-scale=1 must be greater than 1: ${A}activation-scale`],
    [{ [`${A}activation-scale`]: '2', [`${A}min-scale`]: '3' }, `min-scale=3 is greater than activation-scale=2: ${A}activation-scale`],
    [{ [`${A}activation-scale`]: '5', [`${A}max-scale`]: '4' }, `max-scale=4 is less than activation-scale=5: ${A}activation-scale`],
    [{ [`${A}target`]: '0' }, `target 0 should be at least 0.01: ${A}target`],
    [{ [`${A}target`]: 'ten' }, `invalid value: ten: ${A}target`],
    [{ [`${A}target-utilization-percentage`]: '0' }, `expected 1 <= 0 <= 100: ${A}target-utilization-percentage`],
    [{ [`${A}targetUtilizationPercentage`]: '101' }, `expected 1 <= 101 <= 100: ${A}targetUtilizationPercentage`],
    [{ [`${A}panic-window-percentage`]: '0' }, `expected 1 <= 0 <= 100: ${A}panic-window-percentage`],
    [{ [`${A}panic-threshold-percentage`]: '100' }, `expected 110 <= 100 <= 1000: ${A}panic-threshold-percentage`],
    [{ [`${A}target-burst-capacity`]: '-2' }, `invalid value: -2: ${A}target-burst-capacity`],
    [{ [`${A}window`]: '5s' }, `expected 6s <= 5s <= 1h0m0s: ${A}window`],
    [{ [`${A}window`]: '6500ms' }, `must be specified with at most second precision: ${A}window`],
    [{ [`${A}window`]: 'soon' }, `invalid value: soon: ${A}window`],
    [{ [`${A}scale-down-delay`]: '2h' }, `expected 0s <= 2h <= 1h0m0s: ${A}scale-down-delay`],
    [{ [`${A}scaleDownDelay`]: '1.5s' }, `must be specified with at most second precision: ${A}scaleDownDelay`],
    [{ [`${A}scale-to-zero-pod-retention-period`]: '-1s' }, `expected 0s <= -1s <= 1h0m0s: ${A}scale-to-zero-pod-retention-period`],
    [{ [`${A}metric`]: 'cpu' }, `invalid value: cpu: ${A}metric`],
    [{ [`${A}class`]: 'hpa.autoscaling.knative.dev', [`${A}metric`]: '' }, `invalid value: : ${A}metric`],
    [
      { [`${A}class`]: 'kpa.autoscaling.knative.dev', [`${A}metric-aggregation-algorithm`]: 'median' },
      `invalid value: median: ${A}metric-aggregation-algorithm`,
    ],
    [{ [`${A}initial-scale`]: '0' }, `invalid value: 0: ${A}initial-scale=0 not allowed by cluster`],
    [{ [`${A}initialScale`]: '-1' }, `invalid value: -1: ${A}initialScale must be greater than 0`],
  ])('rejects %p', (anns, message) => {
    expect(check(anns)).toBe(message);
  });

  it('reads the new name before the legacy alias', () => {
    expect(check({ [`${A}min-scale`]: '1', [`${A}minScale`]: 'junk' })).toBe('');
  });

  it('checks max-scale against the cluster limit', () => {
    const cfg = { allowZeroInitialScale: true, maxScaleLimit: 10 };
    expect(check({ [`${A}max-scale`]: '20' }, cfg)).toBe(`expected 1 <= 20 <= 10: ${A}max-scale`);
    expect(check({ [`${A}max-scale`]: '0' }, cfg)).toBe(`max-scale=0 (unlimited), must be less than 10: ${A}max-scale`);
    expect(check({ [`${A}initial-scale`]: '0' }, cfg)).toBe('');
  });

  it('renders several errors sorted by message, with a field prefix', () => {
    const issues = validateAutoscalingAnnotations({ [`${A}window`]: '1s', [`${A}target`]: '0' }, cluster);
    expect(formatFieldIssues(prefixPaths(issues, 'spec.template.metadata.annotations'))).toBe(
      `expected 6s <= 1s <= 1h0m0s: spec.template.metadata.annotations.${A}window\n` +
        `target 0 should be at least 0.01: spec.template.metadata.annotations.${A}target`,
    );
  });
});
