// Kubeconfig resolution like kubectl: --kubeconfig, KUBECONFIG list merged (first wins), ~/.kube/config.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextNamespace, kubeconfigPaths, loadKubeConfig } from '../../../src/lib/api/kubeconfig.js';

function file(dir: string, name: string, clusters: string[], contexts: Array<[string, string, string?]>, current?: string): string {
  const p = join(dir, name);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...clusters.map((c) => `- name: ${c}\n  cluster: {server: "https://127.0.0.1:${c.length + 6000}/${name}"}`),
    'users: [{name: u, user: {token: t}}]',
    'contexts:',
    ...contexts.map(([n, c, ns]) => `- name: ${n}\n  context: {cluster: ${c}, user: u${ns ? `, namespace: ${ns}` : ''}}`),
  ];
  if (current) lines.push(`current-context: ${current}`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kn-kc-'));
  const a = file(dir, 'a', ['one'], [['ctx-a', 'one', 'team-a']], 'ctx-a');
  const b = file(dir, 'b', ['one', 'two'], [['ctx-a', 'two'], ['ctx-b', 'two', 'team-b']], 'ctx-b');

  it('merges a KUBECONFIG list: first file wins for names and current-context', () => {
    const kc = loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` } });
    expect(kc.getCurrentContext()).toBe('ctx-a');
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6003/a');
    expect(contextNamespace(kc)).toBe('team-a');
    expect(kc.getContexts().map((c) => c.name).sort()).toEqual(['ctx-a', 'ctx-b']);
  });

  it('--context and --cluster override the current ones', () => {
    const kc = loadKubeConfig({ env: { KUBECONFIG: `${a}:${b}` }, context: 'ctx-b', cluster: 'one' });
    expect(kc.getCurrentContext()).toBe('ctx-b');
    expect(contextNamespace(kc)).toBe('team-b');
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6003/a');
    expect(() => loadKubeConfig({ env: { KUBECONFIG: a }, context: 'nope' })).toThrow('context "nope" does not exist');
  });

  it('--kubeconfig wins over KUBECONFIG; ~/.kube/config is the default', () => {
    expect(kubeconfigPaths({ kubeconfig: b, env: { KUBECONFIG: a } })).toEqual([b]);
    expect(kubeconfigPaths({ env: { HOME: '/h' } })).toEqual(['/h/.kube/config']);
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    file(join(home, '.kube'), 'config', ['one'], [['c', 'one']], 'c');
    expect(loadKubeConfig({ env: { HOME: home } }).getCurrentContext()).toBe('c');
  });

  it('reports a missing kubeconfig with kn\'s message', () => {
    expect(() => loadKubeConfig({ env: { HOME: join(dir, 'nobody') } })).toThrow(
      'no kubeconfig has been provided, please use a valid configuration to connect to the cluster',
    );
    expect(() => loadKubeConfig({ kubeconfig: join(dir, 'missing') })).toThrow(/does not exist/);
  });
});
