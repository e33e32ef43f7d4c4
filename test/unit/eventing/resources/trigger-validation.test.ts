import { validateTrigger } from '../../../../src/lib/eventing/resources/trigger-validation.js';
import type { TriggerSpec } from '../../../../src/lib/eventing/types.js';

const valid: TriggerSpec = { broker: 'default', subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display' } } };
const msgs = (spec: TriggerSpec, old?: TriggerSpec) => validateTrigger(spec, old).map((e) => e.message);

describe('validateTrigger', () => {
  it('accepts a valid trigger', () => {
    expect(msgs(valid)).toEqual([]);
  });
  it.each<[string, TriggerSpec, string]>([
    ['no broker', { ...valid, broker: undefined }, 'missing field(s): spec.broker'],
    ['broker and brokerRef', { ...valid, brokerRef: { name: 'x' } }, 'expected exactly one, got both: spec.broker, spec.brokerRef'],
    ['no subscriber', { broker: 'default' }, 'expected at least one, got none: spec.subscriber.ref, spec.subscriber.uri'],
    ['bad filter key', { ...valid, filter: { attributes: { Type: 'x' } } }, 'invalid key name "Type": spec.filter.attributes[Type]\nAttribute name must start with a letter and can only contain lowercase alphanumeric'],
    ['bad retry', { ...valid, delivery: { retry: -1 } }, 'invalid value: -1: spec.delivery.retry'],
  ])('rejects %s', (_n, spec, want) => {
    expect(msgs(spec)).toEqual([want]);
  });
  it('rejects a broker change on update (paths sorted: broker first)', () => {
    expect(msgs({ ...valid, broker: 'other' }, valid)[0]).toMatch(/^Immutable fields changed \(-old \+new\): broker, spec\n/);
  });
});
