import { FakeClock } from '../../../src/lib/controller/clock.js';
import { FakeKubeClient } from '../../../src/lib/controller/fake-client.js';
import { startLeaderElection } from '../../../src/lib/controller/leader-election.js';
import { Resources } from '../../../src/lib/controller/resources.js';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

describe('leader election', () => {
  it('lets one candidate lead, and a second take over after the lease expires', async () => {
    const client = new FakeKubeClient();
    const clock = new FakeClock();
    const log: string[] = [];
    const opts = { namespace: 'kube-system', name: 'ctl', leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500, clock };
    const a = startLeaderElection(client, { ...opts, identity: 'a', onStartedLeading: () => log.push('a+'), onStoppedLeading: () => log.push('a-') });
    await flush();
    const b = startLeaderElection(client, { ...opts, identity: 'b', onStartedLeading: () => log.push('b+'), onStoppedLeading: () => log.push('b-') });
    await flush();
    expect(log).toEqual(['a+']);
    expect(client.peek<{ spec: { holderIdentity: string } }>(Resources.leases, 'kube-system', 'ctl')!.spec.holderIdentity).toBe('a');
    await a.stop();
    expect(log).toEqual(['a+', 'a-']);
    clock.advance(500);
    await flush();
    expect(b.isLeader()).toBe(true);
    expect(log).toEqual(['a+', 'a-', 'b+']);
    await b.stop();
  });
});
