// Generic object validation with kube's exact messages: names (DNS-1123/1035), labels, annotations.
// Kind-specific rules (Knative's webhook) plug in through admission, not here.
import type { FieldError } from './errors.js';

const dns1123LabelRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035LabelRe = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePartRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kube's message for a bad RFC 1123 subdomain. */
export const dns1123SubdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
/** Kube's message for a bad RFC 1123 label. */
export const dns1123LabelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
/** Kube's message for a bad DNS-1035 label (Service names). */
export const dns1035LabelMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** Problems with a name as an RFC 1123 subdomain (empty list = valid). */
export function checkDns1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!dns1123SubdomainRe.test(v)) errs.push(dns1123SubdomainMsg);
  return errs;
}

/** Problems with a name as an RFC 1123 label. */
export function checkDns1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1123LabelRe.test(v)) errs.push(dns1123LabelMsg);
  return errs;
}

/** Problems with a name as a DNS-1035 label. */
export function checkDns1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!dns1035LabelRe.test(v)) errs.push(dns1035LabelMsg);
  return errs;
}

/** Which name rule a kind uses (kube: namespaces are labels, services DNS-1035, the rest subdomains). */
export function nameCheckFor(group: string, kind: string): (v: string) => string[] {
  if (group === '' && kind === 'Namespace') return checkDns1123Label;
  if (group === '' && kind === 'Service') return checkDns1035Label;
  return checkDns1123Subdomain;
}

/** Problems with a qualified name (label/annotation key): optional DNS prefix, 63-char name part. */
export function checkQualifiedName(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of checkDns1123Subdomain(prefix)) errs.push(`prefix part ${e}`);
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !qualifiedNamePartRe.test(name))
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
  return errs;
}

/** Problems with a label value. */
export function checkLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!labelValueRe.test(v))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  return errs;
}

/** Validates the metadata every object shares; the name rule depends on the kind. */
export function validateObjectMeta(obj: any, nameCheck: (v: string) => string[], namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const md = obj.metadata ?? {};
  if (!md.name) {
    errs.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const m of nameCheck(md.name)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: md.name, detail: m });
  }
  if (namespaced && !md.namespace) errs.push({ type: 'FieldValueRequired', field: 'metadata.namespace', detail: '' });
  if (!namespaced && md.namespace) errs.push({ type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' });
  for (const [field, map] of [
    ['metadata.labels', md.labels],
    ['metadata.annotations', md.annotations],
  ] as const) {
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map)) {
      errs.push({ type: 'FieldValueInvalid', field, value: map, detail: 'must be a map of string to string' });
      continue;
    }
    for (const [k, v] of Object.entries(map as Record<string, unknown>)) {
      for (const m of checkQualifiedName(k)) errs.push({ type: 'FieldValueInvalid', field, value: k, detail: m });
      if (typeof v !== 'string') errs.push({ type: 'FieldValueInvalid', field: `${field}.${k}`, value: v, detail: 'must be a string' });
      else if (field === 'metadata.labels') for (const m of checkLabelValue(v)) errs.push({ type: 'FieldValueInvalid', field, value: v, detail: m });
    }
  }
  if (md.finalizers !== undefined && !Array.isArray(md.finalizers)) errs.push({ type: 'FieldValueInvalid', field: 'metadata.finalizers', value: md.finalizers, detail: 'must be a list' });
  return errs;
}
