import { validateAgainstSchema } from '../../../../src/lib/cluster/apiserver/schema-validation.js';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        percent: { type: 'integer', minimum: 0, maximum: 100 },
        policy: { type: 'string', enum: ['linear', 'exponential'] },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        limits: { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } },
        items: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      },
    },
  },
};

describe('validateAgainstSchema', () => {
  it('accepts valid values, unknown fields and nulls', () => {
    const obj = { spec: { percent: 5, policy: 'linear', labels: { a: 'b' }, limits: { cpu: 1, memory: '1Gi' }, items: [{ name: 'x', other: 1 }], extra: { any: 1 }, policy2: null } };
    expect(validateAgainstSchema(schema, obj, '')).toEqual([]);
    expect(validateAgainstSchema(schema, { spec: { percent: null } }, '')).toEqual([]);
  });

  it('reports wrong types, enums, bounds and required fields with their paths', () => {
    const errs = validateAgainstSchema(schema, { spec: { percent: 'fifty', policy: 'x', labels: { a: 1 }, limits: { cpu: true }, items: [{}] } }, '');
    expect(errs.map((e) => `${e.field} ${e.type} ${e.detail}`)).toEqual([
      'spec.percent FieldValueInvalid spec.percent in body must be of type integer: "string"',
      'spec.policy FieldValueNotSupported supported values: "linear", "exponential"',
      'spec.labels.a FieldValueInvalid spec.labels.a in body must be of type string: "integer"',
      'spec.limits.cpu FieldValueInvalid spec.limits.cpu in body must be of type integer,string: "boolean"',
      'spec.items[0].name FieldValueRequired ',
    ]);
    expect(validateAgainstSchema(schema, { spec: { percent: -1 } }, '')[0].detail).toBe('spec.percent in body should be greater than or equal to 0');
    expect(validateAgainstSchema(schema, { spec: { percent: 2.5 } }, '')[0].detail).toBe('spec.percent in body must be of type integer: "number"');
  });
});
