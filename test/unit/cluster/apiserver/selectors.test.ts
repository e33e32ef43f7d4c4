import { ApiError } from '../../../../src/lib/cluster/apiserver/errors.js';
import { labelSelectorFromObject, matchFields, matchLabels, parseFieldSelector, parseLabelSelector } from '../../../../src/lib/cluster/apiserver/selectors.js';

const labels = { app: 'web', tier: 'front', 'serving.knative.dev/service': 'hello', n: '5' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app=db', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['missing!=x', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db, cache)', true],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['serving.knative.dev/service=hello', true],
    ['n>4', true],
    ['n<4', false],
  ])('%s -> %s', (sel, want) => {
    expect(matchLabels(parseLabelSelector(sel), labels)).toBe(want);
  });

  it('rejects malformed selectors with a 400', () => {
    for (const bad of ['app=(', 'a b c', 'key=va lue', 'n>x']) {
      expect(() => parseLabelSelector(bad)).toThrow(ApiError);
    }
  });

  it('converts metav1.LabelSelector objects', () => {
    const sel = labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] });
    expect(matchLabels(sel, labels)).toBe(true);
    expect(matchLabels(sel, { app: 'web' })).toBe(false);
  });
});

describe('field selectors', () => {
  const known = (f: string) => ['metadata.name', 'status.phase'].includes(f);
  it('parses and matches =, == and !=', () => {
    const reqs = parseFieldSelector('metadata.name=a,status.phase!=Running', known);
    expect(matchFields(reqs, (f) => ({ 'metadata.name': 'a', 'status.phase': 'Pending' })[f])).toBe(true);
    expect(matchFields(reqs, (f) => ({ 'metadata.name': 'a', 'status.phase': 'Running' })[f])).toBe(false);
    expect(matchFields(parseFieldSelector('metadata.name==b', known), () => 'b')).toBe(true);
  });
  it('rejects unknown fields like kube', () => {
    expect(() => parseFieldSelector('spec.foo=bar', known)).toThrow('field label not supported: spec.foo');
  });
});
