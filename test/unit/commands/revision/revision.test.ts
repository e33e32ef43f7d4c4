// kn revision list / describe / delete through the dispatcher with fake clients.
import { describe, expect, it } from '@jest/globals';
import { FakeStore } from '../../../../src/lib/api/fake-resource.js';
import { createFakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import type { Revision } from '../../../../src/lib/api/serving-types.js';
import { fakeClients, runKn } from '../../../../src/lib/cli/testing.js';

function seed() {
  const store = new FakeStore();
  const c = createFakeServingClient('default', store);
  c.services.put({
    metadata: { name: 'web' },
    spec: { template: { spec: { containers: [] } } },
    status: {
      latestReadyRevisionName: 'web-00003',
      traffic: [
        { latestRevision: true, revisionName: 'web-00003', percent: 70 },
        { revisionName: 'web-00001', percent: 30, tag: 'old' },
      ],
    },
  });
  const rev = (name: string, gen: number, routing: string): Revision => ({
    metadata: {
      name,
      labels: {
        'serving.knative.dev/service': 'web',
        'serving.knative.dev/configurationGeneration': String(gen),
        'serving.knative.dev/routingState': routing,
      },
    },
    spec: { containers: [{ image: 'img' }] },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  });
  c.revisions.put(rev('web-00001', 1, 'active'));
  c.revisions.put(rev('web-00002', 2, 'reserve'));
  c.revisions.put(rev('web-00003', 3, 'active'));
  c.revisions.put({ ...rev('other-00001', 1, 'pending'), metadata: { name: 'other-00001', labels: { 'serving.knative.dev/service': 'other', 'serving.knative.dev/configurationGeneration': '1' } } });
  return { store, c };
}

describe('kn revision list', () => {
  it('sorts by service then generation descending, with traffic and tags', async () => {
    const r = await runKn(['revision', 'list', '--no-headers'], fakeClients({ store: seed().store }));
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split(/\s{2,}/));
    expect(rows.map((x) => x[0])).toEqual(['other-00001', 'web-00003', 'web-00002', 'web-00001']);
    expect(rows[1]!.slice(0, 4)).toEqual(['web-00003', 'web', '70%', '3']);
    expect(rows[3]!.slice(0, 5)).toEqual(['web-00001', 'web', '30%', 'old', '1']);
  });

  it('-s requires an existing service', async () => {
    const r = await runKn(['revision', 'list', '-s', 'nope'], fakeClients({ store: seed().store }));
    expect(r.stderr.split('\n')[0]).toBe('Error: services.serving.knative.dev "nope" not found');
    const ok = await runKn(['revision', 'list', '-s', 'web', '-o', 'jsonpath={.items[*].metadata.name}'], fakeClients({ store: seed().store }));
    expect(ok.stdout.split(' ').sort()).toEqual(['web-00001', 'web-00002', 'web-00003']);
  });
});

describe('kn revision delete', () => {
  it('--prune deletes the service\'s unreferenced revisions only', async () => {
    const { store, c } = seed();
    const r = await runKn(['revision', 'delete', '--prune', 'web'], fakeClients({ store }));
    expect(r.stdout).toBe("Revision 'web-00002' deleted in namespace 'default'.\n");
    expect((await c.revisions.list()).items.map((x) => x.metadata.name).sort()).toEqual(['other-00001', 'web-00001', 'web-00003']);
    const none = await runKn(['revision', 'delete', '--prune', 'web'], fakeClients({ store }));
    expect(none.stdout).toBe('No unreferenced revisions found.\n');
  });

  it('--prune-all rejects names', async () => {
    const r = await runKn(['revision', 'delete', '--prune-all', 'x'], fakeClients({ store: seed().store }));
    expect(r.stderr.split('\n')[0]).toBe("Error: 'kn revision delete' with --prune-all flag requires no arguments");
  });

  it('deletes by name', async () => {
    const r = await runKn(['revision', 'delete', 'web-00002'], fakeClients({ store: seed().store }));
    expect(r.stdout).toBe("Revision 'web-00002' deleted in namespace 'default'.\n");
  });
});

describe('kn revision describe', () => {
  it('shows the service and, with -v, traffic and tags', async () => {
    const r = await runKn(['revision', 'describe', 'web-00001', '-v'], fakeClients({ store: seed().store }));
    expect(r.stdout).toMatch(/\nService: +web\n/);
    expect(r.stdout).toContain('  Traffic:                   30%\n');
    expect(r.stdout).toContain('  Tags:                      old\n');
  });
});
