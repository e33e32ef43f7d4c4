// kn service list / describe / delete / export through the dispatcher with fake clients.
import { describe, expect, it } from '@jest/globals';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { createFakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import type { Revision, Service } from '../../../../src/lib/api/serving-types.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';

function seed() {
  const store = new FakeStore();
  const def = createFakeServingClient('default', store);
  const prod = createFakeServingClient('prod', store);
  const mk = (name: string, ns: string): Service => ({
    metadata: { name, namespace: ns },
    spec: { template: { spec: { containers: [{ image: 'img' }] } } },
    status: {
      url: `http://${name}.${ns}.example.com`,
      latestReadyRevisionName: `${name}-00001`,
      latestCreatedRevisionName: `${name}-00001`,
      traffic: [{ latestRevision: true, revisionName: `${name}-00001`, percent: 100 }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  });
  def.services.put(mk('b', 'default'));
  def.services.put(mk('a', 'default'));
  prod.services.put(mk('p', 'prod'));
  const rev = (name: string, svc: string, gen: number, ns = 'default'): Revision => ({
    metadata: {
      name,
      namespace: ns,
      labels: { 'serving.knative.dev/service': svc, 'serving.knative.dev/configurationGeneration': String(gen) },
    },
    spec: { containers: [{ image: 'img' }] },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });
  def.revisions.put(rev('a-00001', 'a', 1));
  def.revisions.put(rev('b-00001', 'b', 1));
  prod.revisions.put(rev('p-00001', 'p', 1, 'prod'));
  return { store, def, prod };
}

describe('kn service list', () => {
  it('lists sorted by name in the context namespace', async () => {
    const { store } = seed();
    const r = await runKn(['service', 'list', '-o', 'name'], fakeClients({ store }));
    expect(r).toEqual({ code: 0, stdout: 'service.serving.knative.dev/a\nservice.serving.knative.dev/b\n', stderr: '' });
  });

  it('uses the kubeconfig context namespace, then -n', async () => {
    const { store } = seed();
    const ctx = await runKn(['service', 'list', '-o', 'name'], fakeClients({ store, contextNamespace: 'prod' }));
    expect(ctx.stdout).toBe('service.serving.knative.dev/p\n');
    const flag = await runKn(['service', 'list', '-n', 'default', '-o', 'name'], fakeClients({ store, contextNamespace: 'prod' }));
    expect(flag.stdout).toBe('service.serving.knative.dev/a\nservice.serving.knative.dev/b\n');
  });

  it('-A prints a NAMESPACE column', async () => {
    const { store } = seed();
    const r = await runKn(['service', 'list', '-A', '--no-headers'], fakeClients({ store }));
    expect(r.stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(['default', 'default', 'prod', '']);
  });

  it('filters by name and reports none found', async () => {
    const { store } = seed();
    expect((await runKn(['service', 'list', 'zzz'], fakeClients({ store }))).stdout).toBe('No services found.\n');
    const json = await runKn(['service', 'list', 'zzz', '-o', 'json'], fakeClients({ store }));
    expect(JSON.parse(json.stdout)).toEqual({ apiVersion: 'serving.knative.dev/v1', kind: 'ServiceList', metadata: {}, items: [] });
  });

  it('rejects --target as not supported yet', async () => {
    const r = await runKn(['service', 'list', '--target', '/tmp/x']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Error: the --target flag is not supported by this version of kn yet');
  });
});

describe('kn service describe', () => {
  it('prints the URL with -o url', async () => {
    const { store } = seed();
    const r = await runKn(['service', 'describe', 'a', '-o', 'url'], fakeClients({ store }));
    expect(r.stdout).toBe('http://a.default.example.com\n');
  });

  it('prints the human page with the routed revision', async () => {
    const { store } = seed();
    const r = await runKn(['service', 'describe', 'a'], fakeClients({ store }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:       a\nNamespace:  default\n/);
    expect(r.stdout).toContain('\nRevisions:  \n  100%  @latest (a-00001) [1] (');
  });

  it('reports a missing service with the API error', async () => {
    const r = await runKn(['service', 'describe', 'nope'], fakeClients({ store: seed().store }));
    expect(r.stderr).toBe('Error: services.serving.knative.dev "nope" not found\nRun \'kn --help\' for usage\n');
  });
});

describe('kn service delete', () => {
  it('deletes each name and aggregates failures', async () => {
    const { store, def } = seed();
    const r = await runKn(['service', 'delete', 'a', 'nope', 'b', 'gone'], fakeClients({ store }));
    expect(r.stdout).toBe("Service 'a' successfully deleted in namespace 'default'.\nService 'b' successfully deleted in namespace 'default'.\n");
    expect(r.stderr).toBe(
      'Error: services.serving.knative.dev "nope" not found\nError: services.serving.knative.dev "gone" not found\nRun \'kn --help\' for usage\n',
    );
    expect(r.code).toBe(1);
    expect((await def.services.list()).items).toHaveLength(0);
  });

  it('--all deletes every service in the namespace; --all with names is an error', async () => {
    const { store } = seed();
    const r = await runKn(['service', 'delete', '--all', '-n', 'prod'], fakeClients({ store }));
    expect(r.stdout).toBe("Service 'p' successfully deleted in namespace 'prod'.\n");
    const again = await runKn(['service', 'delete', '--all', '-n', 'prod'], fakeClients({ store }));
    expect(again.stdout).toBe('No services found.\n');
    const bad = await runKn(['service', 'delete', '--all', 'x'], fakeClients({ store }));
    expect(bad.stderr.split('\n')[0]).toBe("Error: 'service delete' with --all flag requires no arguments");
  });

  it('--wait waits for the deletion on the watch', async () => {
    const { store } = seed();
    const r = await runKn(['service', 'delete', 'a', '--wait', '--wait-timeout', '5'], fakeClients({ store }));
    expect(r.stdout).toBe("Service 'a' successfully deleted in namespace 'default'.\n");
    expect(store.watcherCount).toBe(0);
  });

  it('requires a name', async () => {
    const r = await runKn(['service', 'delete']);
    expect(r.stderr.split('\n')[0]).toBe("Error: 'service delete' requires the service name(s)");
  });
});

describe('kn service export', () => {
  it('requires -o', async () => {
    const r = await runKn(['service', 'export', 'a'], fakeClients({ store: seed().store }));
    expect(r.stderr.split('\n')[0]).toBe("Error: 'kn service export' requires output format");
  });

  it('exports a cleaned service in replay mode and an Export object by default', async () => {
    const { store, def } = seed();
    await def.services.updateWithRetry('a', (s) => {
      s.metadata.annotations = { 'serving.knative.dev/creator': 'me', keep: 'yes' };
      return s;
    });
    const replay = JSON.parse((await runKn(['service', 'export', 'a', '--mode', 'replay', '-o', 'json'], fakeClients({ store }))).stdout);
    expect(replay).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'a', annotations: { keep: 'yes' } },
      spec: { template: { metadata: {}, spec: { containers: [{ image: 'img' }] } } },
    });
    const exp = JSON.parse((await runKn(['service', 'export', 'a', '-o', 'json'], fakeClients({ store }))).stdout);
    expect(exp).toMatchObject({ apiVersion: 'client.knative.dev/v1alpha1', kind: 'Export', spec: { service: { metadata: { name: 'a' } } } });
  });
});
