import {
  errMultipleOneOf,
  errGeneric,
  formatDenial,
  formatFieldErrors,
  viaField,
  viaFieldIndex,
} from '../../../../src/lib/serving/webhook/field-error.js';

describe('formatFieldErrors', () => {
  it('nests paths and renders message: paths', () => {
    const errs = viaField(viaFieldIndex([errGeneric('missing field(s)', ['image'])], 'containers', 0), 'spec.template.spec');
    expect(formatFieldErrors(errs)).toBe('missing field(s): spec.template.spec.containers[0].image');
  });
  it('merges equal messages, sorts paths as strings and errors by message', () => {
    const errs = [
      errGeneric('missing field(s)', ['b[2]']),
      errGeneric('expected exactly one, got neither', ['x']),
      errGeneric('missing field(s)', ['b[10]']),
    ];
    expect(formatFieldErrors(errs)).toBe('expected exactly one, got neither: x\nmissing field(s): b[10], b[2]');
  });
  it('puts details on the next line', () => {
    expect(formatFieldErrors([errGeneric('m', ['p'], 'd')])).toBe('m: p\nd');
  });
  it('sorts one-of paths', () => {
    expect(formatFieldErrors([errMultipleOneOf('revisionName', 'configurationName')])).toBe(
      'expected exactly one, got both: configurationName, revisionName',
    );
  });
  it('denial has the validation failed prefix', () => {
    expect(formatDenial([errGeneric('m', ['p'])])).toBe('validation failed: m: p');
  });
});
