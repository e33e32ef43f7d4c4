import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { kubeconfigTarget, mergeContext, removeContext } from '../../../../src/lib/cluster/local/kubeconfig-file.js';

const entry = { name: 'knative-local', server: 'https://127.0.0.1:6443', caCertPem: 'PEM', token: 'secret' };

describe('kubeconfig merging', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kn-kubeconfig-'));
  });

  it('creates a new file with mode 0600 and the context current', () => {
    const file = join(dir, 'sub', 'config');
    mergeContext(file, entry);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc['current-context']).toBe('knative-local');
    expect(doc.clusters[0].cluster['certificate-authority-data']).toBe(Buffer.from('PEM').toString('base64'));
    expect(doc.users[0].user.token).toBe('secret');
  });

  it('keeps other contexts and replaces its own entry on a second merge', () => {
    const file = join(dir, 'config');
    writeFileSync(file, 'apiVersion: v1\nkind: Config\ncurrent-context: other\nclusters:\n- name: other\n  cluster: {server: https://example.invalid}\nusers:\n- name: other\n  user: {}\ncontexts:\n- name: other\n  context: {cluster: other, user: other}\npreferences: {colors: true}\n');
    mergeContext(file, entry);
    mergeContext(file, { ...entry, server: 'https://127.0.0.1:7443' });
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.contexts.map((c: { name: string }) => c.name)).toEqual(['other', 'knative-local']);
    expect(doc.clusters.find((c: { name: string }) => c.name === 'knative-local').cluster.server).toBe('https://127.0.0.1:7443');
    expect(doc.preferences).toEqual({ colors: true });
    expect(existsSync(`${file}.tmp-${process.pid}`)).toBe(false);
  });

  it('refuses to overwrite a file that is not a kubeconfig mapping', () => {
    const file = join(dir, 'config');
    writeFileSync(file, '- just\n- a list\n');
    expect(() => mergeContext(file, entry)).toThrow(/not a YAML mapping/);
    expect(readFileSync(file, 'utf8')).toBe('- just\n- a list\n');
  });

  it('removes only its own context and clears current-context', () => {
    const file = join(dir, 'config');
    mergeContext(file, { ...entry, name: 'keep' });
    mergeContext(file, entry);
    expect(removeContext(file, 'knative-local')).toBe(true);
    const doc = parse(readFileSync(file, 'utf8'));
    expect(doc.contexts.map((c: { name: string }) => c.name)).toEqual(['keep']);
    expect(doc['current-context']).toBe('');
    expect(removeContext(file, 'knative-local')).toBe(false);
  });

  it('targets the first KUBECONFIG entry like kubectl', () => {
    expect(kubeconfigTarget(undefined, { KUBECONFIG: ':/a/one:/b/two' })).toBe('/a/one');
    expect(kubeconfigTarget('/x', { KUBECONFIG: '/a' })).toBe('/x');
  });
});
