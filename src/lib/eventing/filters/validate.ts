// Webhook validation of Trigger `filter` and `filters`, with upstream's messages and field paths.
import { FieldError, invalidValue } from '../field-error.js';
import type { SubscriptionsAPIFilter, TriggerSpec } from '../types.js';
import { parseCesql } from './cesql/parse.js';

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const ATTRIBUTE_NAME_DETAILS = 'Attribute name must start with a letter and can only contain lowercase alphanumeric';


function validateAttributeNames(attrs: Record<string, string> | undefined, path: string): FieldError[] {
  return Object.keys(attrs ?? {})
    .filter((k) => !ATTRIBUTE_NAME.test(k))
    .sort()
    .map((k) => new FieldError(`invalid key name "${k}"`, [`${path}[${k}]`], ATTRIBUTE_NAME_DETAILS));
}

const dialectsSet = (f: SubscriptionsAPIFilter): string[] =>
  (['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const).filter((d) => {
    const v = f[d];
    if (v === undefined || v === null || v === '') return false;
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === 'object') return d === 'not' || Object.keys(v).length > 0;
    return true;
  });

/** Validates one filters[] entry (recursively) under `path`. */
export function validateSubscriptionsApiFilter(f: SubscriptionsAPIFilter, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (dialectsSet(f).length > 1) {
    errs.push(new FieldError('multiple dialects found, filters can have only one dialect set', [path]));
  }
  errs.push(...validateAttributeNames(f.exact, `${path}.exact`));
  errs.push(...validateAttributeNames(f.prefix, `${path}.prefix`));
  errs.push(...validateAttributeNames(f.suffix, `${path}.suffix`));
  (f.all ?? []).forEach((sub, i) => errs.push(...validateSubscriptionsApiFilter(sub, `${path}.all[${i}]`)));
  (f.any ?? []).forEach((sub, i) => errs.push(...validateSubscriptionsApiFilter(sub, `${path}.any[${i}]`)));
  if (f.not) errs.push(...validateSubscriptionsApiFilter(f.not, `${path}.not`));
  if (f.cesql) {
    try {
      parseCesql(f.cesql);
    } catch (e) {
      errs.push(invalidValue(f.cesql, `${path}.cesql`, (e as Error).message));
    }
  }
  return errs;
}

/** Validates a Trigger's filter fields; returns every error found (empty when valid). */
export function validateTriggerFilters(spec: Pick<TriggerSpec, 'filter' | 'filters'>, path = 'spec'): FieldError[] {
  const errs = validateAttributeNames(spec.filter?.attributes, `${path}.filter.attributes`);
  (spec.filters ?? []).forEach((f, i) => errs.push(...validateSubscriptionsApiFilter(f, `${path}.filters[${i}]`)));
  return errs;
}
