import { createHash } from 'node:crypto';
import {
  childName,
  deploymentName,
  privateServiceName,
  revisionName,
} from '../../../../src/lib/serving/names.js';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('childName', () => {
  it.each([
    ['short parent keeps parent + suffix', 'hello', '-00001', 'hello-00001'],
    ['exactly 63 chars is kept', 'a'.repeat(57), '-00001', 'a'.repeat(57) + '-00001'],
  ])('%s', (_n, parent, suffix, want) => {
    expect(childName(parent, suffix)).toBe(want);
  });

  it('hashes a long parent: head, md5 of the whole parent, suffix, 63 chars', () => {
    const parent = 'x'.repeat(70);
    const got = childName(parent, '-deployment');
    expect(got).toBe('x'.repeat(31 - 11) + md5(parent) + '-deployment');
    expect(got).toHaveLength(63);
  });

  it('hashes parent+suffix when the suffix leaves no room for a head', () => {
    const suffix = '-' + 's'.repeat(40);
    const got = childName('p'.repeat(40), suffix);
    expect(got.startsWith('p'.repeat(31) + md5('p'.repeat(40) + suffix))).toBe(true);
    expect(got.length).toBeLessThanOrEqual(63);
  });
});

describe('resource names', () => {
  it.each([
    [revisionName('hello', 1), 'hello-00001'],
    [revisionName('hello', 123456), 'hello-123456'],
    [deploymentName('hello-00001'), 'hello-00001-deployment'],
    [privateServiceName('hello-00001'), 'hello-00001-private'],
  ])('%s', (got, want) => expect(got).toBe(want));
});
