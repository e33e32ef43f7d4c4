import type { KubeObject } from '../../../src/lib/controller/objects.js';
import { FakeKubeClient } from '../../../src/lib/controller/fake-client.js';
import { resource } from '../../../src/lib/controller/resources.js';
import { writeStatusIfChanged } from '../../../src/lib/controller/status-writer.js';

const widgets = resource('example.dev', 'v1', 'widgets', 'Widget');

describe('writeStatusIfChanged', () => {
  it('stamps observedGeneration and skips the write when nothing changed', async () => {
    const client = new FakeKubeClient();
    const obj = await client.create<KubeObject>(widgets, { metadata: { name: 'w', namespace: 'ns' }, spec: {} });
    const written = await writeStatusIfChanged(client, widgets, obj, { ...obj, status: { phase: 'Ready' } });
    expect(written!.status).toEqual({ phase: 'Ready', observedGeneration: 1 });
    const again = await writeStatusIfChanged(client, widgets, written!, { ...written!, status: { phase: 'Ready' } });
    expect(again).toBeUndefined();
    expect(client.calls.filter((c) => c.verb === 'updateStatus')).toHaveLength(1);
  });
});
