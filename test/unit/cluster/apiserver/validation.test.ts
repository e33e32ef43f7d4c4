import { invalid } from '../../../../src/lib/cluster/apiserver/errors.js';
import { checkDns1035Label, checkDns1123Label, checkDns1123Subdomain, dns1123SubdomainMsg, validateObjectMeta } from '../../../../src/lib/cluster/apiserver/validation.js';

describe('name validation', () => {
  it.each([
    ['hello', true],
    ['a.b-c', true],
    ['Hello', false],
    ['-a', false],
    ['a_b', false],
    ['x'.repeat(254), false],
  ])('subdomain %s valid=%s', (name, ok) => {
    expect(checkDns1123Subdomain(name).length === 0).toBe(ok);
  });
  it('labels and DNS-1035 labels follow kube', () => {
    expect(checkDns1123Label('a.b')).toHaveLength(1);
    expect(checkDns1123Label('1abc')).toEqual([]);
    expect(checkDns1035Label('1abc')).toHaveLength(1);
    expect(checkDns1123Label('x'.repeat(64))).toContain('must be no more than 63 characters');
  });
});

describe('invalid() Status', () => {
  it('renders kube exact message for a bad ConfigMap name', () => {
    const errs = validateObjectMeta({ metadata: { name: 'Bad_Name', namespace: 'default' } }, checkDns1123Subdomain, true);
    const e = invalid('', 'ConfigMap', 'Bad_Name', errs);
    expect(e.code).toBe(422);
    expect(e.message).toBe(`ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${dns1123SubdomainMsg}`);
    expect(e.toStatus().details?.causes).toEqual([{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${dns1123SubdomainMsg}`, field: 'metadata.name' }]);
  });
  it('qualifies group kinds and lists several errors in brackets', () => {
    const errs = validateObjectMeta({ metadata: { labels: { 'bad key!': 'v' } } }, checkDns1123Subdomain, true);
    const e = invalid('serving.knative.dev', 'Service', '', errs);
    expect(e.message).toMatch(/^Service\.serving\.knative\.dev "" is invalid: \[metadata\.name: Required value: name or generateName is required, metadata\.namespace: Required value, metadata\.labels: Invalid value: "bad key!": /);
  });
});
