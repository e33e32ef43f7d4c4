import { childMatches, isSubset, withDesired } from '../../../../src/lib/serving/reconcile-support.js';

describe('isSubset', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['extra keys in have are fine', { a: 1 }, { a: 1, b: 2 }, true],
    ['different value', { a: 1 }, { a: 2 }, false],
    ['missing key', { a: 1 }, {}, false],
    ['arrays must match in length', [{ a: 1 }], [{ a: 1 }, { a: 2 }], false],
    ['array elements as subsets', [{ a: 1 }], [{ a: 1, z: 0 }], true],
    ['undefined wants nothing', undefined, 5, true],
  ])('%s', (_n, want, have, ok) => expect(isSubset(want, have)).toBe(ok));
});

describe('childMatches / withDesired', () => {
  type O = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, number> };
  const existing: O = { metadata: { labels: { a: '1', other: 'x' }, annotations: { keep: 'me' } }, spec: { n: 1 } };
  it('exact spec comparison for our own kinds', () => {
    expect(childMatches(existing, { metadata: { labels: { a: '1' } }, spec: { n: 1 } }, ['spec'])).toBe(true);
    expect(childMatches(existing, { metadata: { labels: { a: '2' } }, spec: { n: 1 } }, ['spec'])).toBe(false);
    expect(childMatches({ ...existing, spec: { n: 1, m: 2 } }, { metadata: {}, spec: { n: 1 } }, ['spec'])).toBe(false);
    expect(childMatches({ ...existing, spec: { n: 1, m: 2 } }, { metadata: {}, spec: { n: 1 } }, ['spec'], 'subset')).toBe(true);
  });
  it('merges labels and annotations, replaces fields', () => {
    const out = withDesired<O>(existing, { metadata: { labels: { a: '2' }, annotations: { mine: 'y' } }, spec: { n: 3 } }, ['spec']);
    expect(out).toEqual({ metadata: { labels: { a: '2', other: 'x' }, annotations: { keep: 'me', mine: 'y' } }, spec: { n: 3 } });
  });
});
