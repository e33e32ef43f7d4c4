import { atLeast, PodStatusWriter } from '../../../../src/lib/cluster/node/pod-status-writer.js';
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { Pod } from '../../../../src/lib/controller/kinds.js';
import { Resources } from '../../../../src/lib/controller/resources.js';

type Status = NonNullable<Pod['status']>;
const ready = (t: string): Status => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: t }] });
const notReady = (t: string): Status => ({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: t }] });

async function setup() {
  const client = new FakeKubeClient();
  client.seed(Resources.pods, { metadata: { name: 'p', namespace: 'ns', uid: 'u1' }, spec: { containers: [{ name: 'a', image: 'i' }] } } as Pod);
  const cached = client.peek<Pod>(Resources.pods, 'ns', 'p')!;
  const patches = () => client.calls.filter((c) => c.verb === 'patch').length;
  return { client, cached, patches, writer: new PodStatusWriter(client) };
}

describe('PodStatusWriter', () => {
  it('writes a changed status once, even while the cached pod is still behind the write', async () => {
    const { writer, cached, patches } = await setup();
    expect(await writer.write(cached, notReady('T1'))).toEqual(['phase', 'conditions']);
    // The informer has not delivered our write yet: the cached pod has no status.
    expect(await writer.write(cached, notReady('T1'))).toEqual([]);
    expect(patches()).toBe(1);
  });

  it('compares with the cached pod once it has caught up with the write', async () => {
    const { client, writer, cached, patches } = await setup();
    await writer.write(cached, notReady('T1'));
    const caughtUp = client.peek<Pod>(Resources.pods, 'ns', 'p')!;
    expect(await writer.write(caughtUp, notReady('T1'))).toEqual([]);
    expect(await writer.write(caughtUp, ready('T2'))).toEqual(['conditions']);
    expect(patches()).toBe(2);
  });

  it('writes again when someone else changed the status after our write', async () => {
    const { client, writer, cached, patches } = await setup();
    await writer.write(cached, ready('T1'));
    await client.patch(Resources.pods, 'ns', 'p', { status: notReady('T0') }, 'status');
    const theirs = client.peek<Pod>(Resources.pods, 'ns', 'p')!;
    expect(await writer.write(theirs, ready('T1'))).toEqual(['conditions']);
    expect(client.peek<Pod>(Resources.pods, 'ns', 'p')!.status).toEqual(ready('T1'));
    expect(patches()).toBe(3);
  });

  it('never writes a status equal to the stored one', async () => {
    const { client, writer, patches } = await setup();
    await client.patch(Resources.pods, 'ns', 'p', { status: ready('T1') }, 'status');
    const stored = client.peek<Pod>(Resources.pods, 'ns', 'p')!;
    expect(await writer.write(stored, ready('T1'))).toEqual([]);
    expect(patches()).toBe(1);
  });

  it('treats a pod deleted meanwhile as nothing to write', async () => {
    const { client, writer, cached } = await setup();
    await client.delete(Resources.pods, 'ns', 'p');
    await expect(writer.write(cached, ready('T1'))).resolves.toEqual([]);
  });

  it('orders resourceVersions as integers, and only knows equality otherwise', () => {
    expect(atLeast('10', '9')).toBe(true);
    expect(atLeast('9', '10')).toBe(false);
    expect(atLeast('7', '7')).toBe(true);
    expect(atLeast('abc', 'abc')).toBe(true);
    expect(atLeast('abd', 'abc')).toBe(false);
    expect(atLeast(undefined, '1')).toBe(false);
  });
});
