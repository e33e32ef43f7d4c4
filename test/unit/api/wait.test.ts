// waitForReady / waitForDeleted on the fake watch with a manual clock (no sleeps).
import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '../../../src/lib/api/clock.js';
import { KnError } from '../../../src/lib/api/errors.js';
import { createFakeServingClient } from '../../../src/lib/api/fake-serving.js';
import type { Service } from '../../../src/lib/api/serving-types.js';
import { progressPrinter, waitForDeleted, waitForReady } from '../../../src/lib/api/wait.js';

// One event-loop turn: lets the wait's get()/watch() promises settle before the next step.
const turn = () => new Promise<void>((r) => setImmediate(r));

function setup() {
  const client = createFakeServingClient('default');
  const clock = new ManualClock(1_000_000);
  const base: Service = {
    metadata: { name: 'hello', namespace: 'default' },
    spec: { template: { spec: { containers: [{ image: 'x' }] } } },
  };
  const put = (generation: number, observed: number, status: string, extra: Record<string, string> = {}) =>
    client.services.put({
      ...base,
      metadata: { ...base.metadata, generation },
      status: { observedGeneration: observed, conditions: [{ type: 'Ready', status, ...extra }] },
    });
  return { client, clock, put };
}

describe('waitForReady', () => {
  it('returns at once when already Ready for the current generation', async () => {
    const { client, clock, put } = setup();
    put(1, 1, 'True');
    const res = await waitForReady(client.services, 'hello', { timeoutMs: 5000, errorWindowMs: 2000, clock });
    expect(res.elapsedSeconds).toBe(0);
    expect(client.store.watcherCount).toBe(0);
  });

  it('follows MODIFIED events, ignores stale generations, reports messages with "..." repeats', async () => {
    const { client, clock, put } = setup();
    put(2, 1, 'True'); // Ready, but for an older generation: not done.
    const lines: string[] = [];
    const p = waitForReady(client.services, 'hello', {
      timeoutMs: 60_000,
      errorWindowMs: 2000,
      clock,
      onMessage: progressPrinter((l) => lines.push(l)),
    });
    await turn();
    expect(client.store.watcherCount).toBe(1);
    clock.advance(23);
    put(2, 1, 'Unknown', { message: 'stale message' }); // still old generation: ignored
    put(2, 2, 'Unknown', { message: 'Configuration "hello" is waiting for a Revision to become ready.' });
    clock.advance(5407);
    put(2, 2, 'Unknown', { message: 'Configuration "hello" is waiting for a Revision to become ready.' });
    clock.advance(100);
    put(2, 2, 'True');
    const res = await p;
    expect(res.elapsedSeconds).toBeCloseTo(5.53, 5);
    expect(lines).toEqual(['  0.023s Configuration "hello" is waiting for a Revision to become ready.\n', '  5.430s ...\n']);
    expect(client.store.watcherCount).toBe(0);
  });

  it('tolerates Ready=False that turns Unknown within the error window', async () => {
    const { client, clock, put } = setup();
    put(1, 0, 'Unknown');
    const p = waitForReady(client.services, 'hello', { timeoutMs: 60_000, errorWindowMs: 2000, clock });
    await turn();
    put(1, 1, 'False', { reason: 'RevisionFailed', message: 'boom' });
    clock.advance(1500);
    put(1, 1, 'Unknown');
    clock.advance(1000);
    put(1, 1, 'True');
    await expect(p).resolves.toBeDefined();
  });

  it('fails with "Reason: Message" when Ready=False outlasts the error window', async () => {
    const { client, clock, put } = setup();
    put(1, 0, 'Unknown');
    const p = waitForReady(client.services, 'hello', { timeoutMs: 60_000, errorWindowMs: 2000, clock });
    await turn();
    put(1, 1, 'False', { reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: image not found.' });
    clock.advance(2000);
    await expect(p).rejects.toThrow('RevisionFailed: Revision "hello-00001" failed with message: image not found.');
  });

  it('times out with kn\'s message', async () => {
    const { client, clock, put } = setup();
    put(1, 0, 'Unknown');
    const p = waitForReady(client.services, 'hello', { timeoutMs: 5000, errorWindowMs: 2000, clock });
    await turn();
    clock.advance(5000);
    await expect(p).rejects.toThrow("timeout: service 'hello' not ready after 5 seconds");
    expect(client.store.watcherCount).toBe(0);
  });

  it('reconnects when the server closes the watch and sees changes made meanwhile', async () => {
    const { client, clock, put } = setup();
    put(1, 0, 'Unknown');
    const p = waitForReady(client.services, 'hello', { timeoutMs: 60_000, errorWindowMs: 2000, clock });
    await turn();
    client.store.closeAllWatches(); // server-side timeout: re-open at once
    put(1, 1, 'True'); // happens while disconnected
    clock.advance(0);
    await expect(p).resolves.toMatchObject({ elapsedSeconds: 0 });
  });

  it('waits before re-opening a failed watch, and gives up on client errors', async () => {
    const { client, clock, put } = setup();
    put(1, 0, 'Unknown');
    const p = waitForReady(client.services, 'hello', { timeoutMs: 60_000, errorWindowMs: 2000, clock, reconnectDelayMs: 1000 });
    await turn();
    client.store.closeAllWatches(new KnError('connection reset', 'CannotConnect'));
    put(1, 1, 'True');
    clock.advance(999);
    expect(client.store.watcherCount).toBe(0);
    clock.advance(1);
    await expect(p).resolves.toMatchObject({ elapsedSeconds: 1 });

    put(2, 1, 'Unknown');
    const q = waitForReady(client.services, 'hello', { timeoutMs: 60_000, errorWindowMs: 2000, clock });
    await turn();
    client.store.closeAllWatches(new KnError('services.serving.knative.dev is forbidden', 'Forbidden', 403));
    await expect(q).rejects.toThrow('is forbidden');
  });
});

describe('waitForDeleted', () => {
  it('returns at once when the object is already gone', async () => {
    const { client, clock } = setup();
    await expect(waitForDeleted(client.services, 'hello', { timeoutMs: 1000, errorWindowMs: 0, clock })).resolves.toBeDefined();
  });

  it('finishes on the DELETED event', async () => {
    const { client, clock, put } = setup();
    put(1, 1, 'True');
    const p = waitForDeleted(client.services, 'hello', { timeoutMs: 10_000, errorWindowMs: 0, clock });
    await turn();
    await client.services.delete('hello');
    await expect(p).resolves.toBeDefined();
  });

  it('times out with the "not ready" wording upstream uses for deletions', async () => {
    const { client, clock } = setup();
    client.revisions.put({ metadata: { name: 'hello-00001' }, spec: { containers: [] } });
    const p = waitForDeleted(client.revisions, 'hello-00001', { timeoutMs: 3000, errorWindowMs: 0, clock });
    await turn();
    clock.advance(3000);
    await expect(p).rejects.toThrow("timeout: revision 'hello-00001' not ready after 3 seconds");
  });
});
