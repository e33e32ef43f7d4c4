import { createTriggerFilter } from '../../../../src/lib/eventing/filters/create.js';
import type { FilterResult } from '../../../../src/lib/eventing/filters/filter.js';
import { validateTriggerFilters } from '../../../../src/lib/eventing/filters/validate.js';
import type { SubscriptionsAPIFilter, TriggerSpec } from '../../../../src/lib/eventing/types.js';

const event = {
  specversion: '1.0',
  id: 'id-1',
  source: '/apis/v1/namespaces/default/pingsources/p',
  type: 'dev.knative.sources.ping',
  subject: '',
  myext: 'hello',
  count: 42,
};

const run = (spec: Pick<TriggerSpec, 'filter' | 'filters'>): FilterResult => createTriggerFilter(spec).filter(event);
const filters = (...f: SubscriptionsAPIFilter[]) => run({ filters: f });

describe('legacy filter.attributes', () => {
  it.each<[string, Record<string, string>, FilterResult]>([
    ['empty map passes everything', {}, 'pass'],
    ['exact type match', { type: 'dev.knative.sources.ping' }, 'pass'],
    ['type mismatch', { type: 'other' }, 'fail'],
    ['match is case-sensitive', { type: 'DEV.knative.sources.ping' }, 'fail'],
    ['extension match', { myext: 'hello' }, 'pass'],
    ['empty value = any value', { myext: '' }, 'pass'],
    ['empty value still needs the attribute', { missing: '' }, 'fail'],
    ['empty value rejects an empty attribute', { subject: '' }, 'fail'],
    ['missing attribute fails', { missing: 'x' }, 'fail'],
    ['all entries must match (AND)', { type: 'dev.knative.sources.ping', myext: 'nope' }, 'fail'],
    ['non-string attributes compare by string form', { count: '42' }, 'pass'],
  ])('%s', (_name, attributes, want) => {
    expect(run({ filter: { attributes } })).toBe(want);
  });
});

describe('filters dialects', () => {
  it.each<[string, SubscriptionsAPIFilter[], FilterResult]>([
    ['exact match', [{ exact: { type: 'dev.knative.sources.ping' } }], 'pass'],
    ['exact mismatch', [{ exact: { type: 'dev.knative' } }], 'fail'],
    ['exact on missing attribute', [{ exact: { nope: 'x' } }], 'fail'],
    ['prefix match', [{ prefix: { type: 'dev.knative.' } }], 'pass'],
    ['prefix mismatch', [{ prefix: { type: 'com.' } }], 'fail'],
    ['suffix match', [{ suffix: { source: '/pingsources/p' } }], 'pass'],
    ['suffix mismatch', [{ suffix: { source: '/q' } }], 'fail'],
    ['list is an implicit all: both pass', [{ prefix: { type: 'dev.' } }, { exact: { myext: 'hello' } }], 'pass'],
    ['list is an implicit all: one fails', [{ prefix: { type: 'dev.' } }, { exact: { myext: 'x' } }], 'fail'],
    ['all of passing filters', [{ all: [{ exact: { myext: 'hello' } }, { suffix: { type: '.ping' } }] }], 'pass'],
    ['all with a failing filter', [{ all: [{ exact: { myext: 'hello' } }, { suffix: { type: '.pong' } }] }], 'fail'],
    ['any with one passing filter', [{ any: [{ exact: { myext: 'no' } }, { suffix: { type: '.ping' } }] }], 'pass'],
    ['any with none passing', [{ any: [{ exact: { myext: 'no' } }, { suffix: { type: '.pong' } }] }], 'fail'],
    ['not inverts a pass', [{ not: { exact: { myext: 'hello' } } }], 'fail'],
    ['not inverts a fail', [{ not: { exact: { myext: 'bye' } } }], 'pass'],
    ['nested not(any(...))', [{ not: { any: [{ exact: { type: 'a' } }, { exact: { type: 'b' } }] } }], 'pass'],
    ['empty all is no filter', [{ all: [] }], 'nofilter'],
    ['empty list falls back to (empty) attributes', [], 'pass'],
  ])('%s', (_name, f, want) => {
    expect(filters(...f)).toBe(want);
  });

  it('ignores CloudEvent methods: only own attributes exist', async () => {
    const { CloudEvent } = await import('cloudevents');
    const ce = new CloudEvent({ id: '1', source: '/s', type: 't' }, false);
    expect(createTriggerFilter({ filter: { attributes: { validate: '' } } }).filter(ce)).toBe('fail');
    expect(createTriggerFilter({ filter: { attributes: { type: 't' } } }).filter(ce)).toBe('pass');
  });

  it('filters wins over filter.attributes when both are set', () => {
    expect(run({ filter: { attributes: { type: 'other' } }, filters: [{ exact: { myext: 'hello' } }] })).toBe('pass');
  });

  it('evaluates CESQL', () => {
    expect(filters({ cesql: "type = 'dev.knative.sources.ping' AND myext LIKE 'he%'" })).toBe('pass');
    expect(filters({ cesql: "type = 'other'" })).toBe('fail');
  });
});

describe('validateTriggerFilters', () => {
  const messages = (spec: Pick<TriggerSpec, 'filter' | 'filters'>) => validateTriggerFilters(spec).map((e) => e.message);

  it('accepts valid filters', () => {
    expect(messages({ filter: { attributes: { type: 'x', myext1: '' } }, filters: [{ any: [{ prefix: { source: '/a' } }] }] })).toEqual([]);
  });

  it('rejects bad attribute names with upstream text', () => {
    expect(messages({ filter: { attributes: { Type: 'x' } } })).toEqual([
      'invalid key name "Type": spec.filter.attributes[Type]\nAttribute name must start with a letter and can only contain lowercase alphanumeric',
    ]);
    expect(messages({ filters: [{ all: [{ exact: { '1a': 'x' } }] }] })[0]).toMatch(/^invalid key name "1a": spec\.filters\[0\]\.all\[0\]\.exact\[1a\]/);
  });

  it('rejects more than one dialect per entry', () => {
    expect(messages({ filters: [{ exact: { type: 'a' }, prefix: { type: 'b' } }] })).toEqual([
      'multiple dialects found, filters can have only one dialect set: spec.filters[0]',
    ]);
  });

  it('rejects malformed CESQL with the parse error as details', () => {
    expect(messages({ filters: [{ cesql: "type = 'a'" }] })).toEqual([]);
    expect(messages({ filters: [{ cesql: 'type = ' }] })).toEqual(['invalid value: type = : spec.filters[0].cesql\nunexpected end of expression']);
    expect(messages({ filters: [{ cesql: 'NOPE(type)' }] })).toEqual(['invalid value: NOPE(type): spec.filters[0].cesql\nunknown function NOPE']);
  });
});
