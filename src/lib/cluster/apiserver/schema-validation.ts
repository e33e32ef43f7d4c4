// Validation of custom resources against their CRD's OpenAPI v3 schema: the checks kube's
// apiextensions server makes that a manifest typo hits (type, enum, minimum/maximum, required),
// with kube's messages, for the shipped CRDs whose spec or status is typed. It is registered as the
// first mutating admission function (it changes nothing): our Knative webhooks default and validate
// in one mutating step, and on kube a value of the wrong type never reaches their typed decoding.
// Nothing is pruned here: every object in the shipped schemas keeps unknown fields anyway. (The
// shipped schemas carry types only; ranges and enums are left to the webhooks and their messages.)
import type { AdmissionChain } from './admission.js';
import { invalid, type FieldError } from './errors.js';

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return typeof v === type;
  }
}

/** Problems of `value` at `path` against `schema` (empty list = valid). Nulls count as absent, as kube prunes them. */
export function validateAgainstSchema(schema: any, value: unknown, path: string, errs: FieldError[] = []): FieldError[] {
  if (!schema || value === null || value === undefined) return errs;
  const at = path || '<root>';
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value))))
      errs.push({ type: 'FieldValueInvalid', field: at, value: typeName(value), detail: `${at} in body must be of type integer,string: ${JSON.stringify(typeName(value))}` });
    return errs;
  }
  if (schema.type && !hasType(value, schema.type)) {
    errs.push({ type: 'FieldValueInvalid', field: at, value: typeName(value), detail: `${at} in body must be of type ${schema.type}: ${JSON.stringify(typeName(value))}` });
    return errs;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errs.push({ type: 'FieldValueNotSupported', field: at, value, detail: `supported values: ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}` });
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      errs.push({ type: 'FieldValueInvalid', field: at, value, detail: `${at} in body should be greater than or equal to ${schema.minimum}` });
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      errs.push({ type: 'FieldValueInvalid', field: at, value, detail: `${at} in body should be less than or equal to ${schema.maximum}` });
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => validateAgainstSchema(schema.items, item, `${path}[${i}]`, errs));
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of (schema.required ?? []) as string[])
      if (obj[r] === undefined || obj[r] === null) errs.push({ type: 'FieldValueRequired', field: path ? `${path}.${r}` : r, detail: '' });
    const props = schema.properties ?? {};
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [k, v] of Object.entries(obj)) {
      const sub = props[k] ?? extra;
      if (sub) validateAgainstSchema(sub, v, path ? `${path}.${k}` : k, errs);
    }
  }
  return errs;
}

/** The part of a CRD version's schema we check: spec and status (kube validates metadata itself). */
function typedSchema(crd: any, version: string): any | undefined {
  const v = ((crd?.spec?.versions ?? []) as any[]).find((x) => x?.name === version);
  const props = v?.schema?.openAPIV3Schema?.properties;
  if (!props?.spec?.properties && !props?.status?.properties) return undefined;
  return { type: 'object', properties: { spec: props.spec, status: props.status } };
}

/**
 * Registers schema validation for each of `crds` whose spec or status is typed. The schema is read
 * from the stored CRD at each write (`crdOf`), so an updated CRD takes effect at once.
 */
export function registerSchemaValidation(admission: AdmissionChain, crds: any[], crdOf: (name: string) => unknown): void {
  for (const crd of crds) {
    if (!((crd?.spec?.versions ?? []) as any[]).some((v) => typedSchema(crd, v?.name))) continue;
    const name = String(crd.metadata.name);
    const group = String(crd.spec.group);
    const kind = String(crd.spec.names.kind);
    admission.register({ group, kind, type: 'mutating' }, (req) => {
      const schema = typedSchema(crdOf(name), req.version);
      if (!schema) return;
      const errs = validateAgainstSchema(schema, req.object, '');
      if (errs.length) throw invalid(group, kind, req.name, errs);
    });
  }
}
