import { registerNode, startHeartbeat } from '../../../../src/lib/cluster/node/node-registration.js';
import { FakeClock } from '../../../../src/lib/controller/clock.js';
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { Node } from '../../../../src/lib/controller/kinds.js';
import { Resources } from '../../../../src/lib/controller/resources.js';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

describe('node registration', () => {
  it('registers a Ready node, heartbeats, and re-registers after the Node is deleted', async () => {
    const clock = new FakeClock();
    const client = new FakeKubeClient(() => new Date(clock.now()));
    await registerNode(client, 'knative-local', clock);
    const node = client.peek<Node>(Resources.nodes, '', 'knative-local')!;
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(node.status?.addresses).toContainEqual({ type: 'InternalIP', address: '127.0.0.1' });
    const hb = startHeartbeat(client, 'knative-local', clock, 1000);
    clock.advance(1000);
    await flush();
    const beat = client.peek<Node>(Resources.nodes, '', 'knative-local')!.status!.conditions!.find((c) => c.type === 'Ready')!.lastHeartbeatTime;
    expect(beat).toBe(new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    await client.delete(Resources.nodes, '', 'knative-local');
    clock.advance(1000);
    await flush();
    expect(client.peek(Resources.nodes, '', 'knative-local')).toBeDefined();
    hb.stop();
  });
});
