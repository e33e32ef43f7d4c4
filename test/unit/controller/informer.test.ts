import { FakeClock } from '../../../src/lib/controller/clock.js';
import { ApiError } from '../../../src/lib/controller/errors.js';
import { FakeKubeClient } from '../../../src/lib/controller/fake-client.js';
import { Informer, type InformerEventType } from '../../../src/lib/controller/informer.js';
import { resource } from '../../../src/lib/controller/resources.js';

const widgets = resource('example.dev', 'v1', 'widgets', 'Widget');
const flush = () => new Promise<void>((r) => setImmediate(r));

function setup(opts: { resyncMs?: number } = {}) {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const informer = new Informer(client, widgets, { clock, retryDelayMs: 100, ...opts });
  const events: [InformerEventType, string][] = [];
  informer.onChange((t, o) => events.push([t, o.metadata!.name!]));
  return { client, clock, informer, events };
}

describe('Informer', () => {
  it('lists, then follows adds, updates and deletes of a CRD', async () => {
    const { client, informer, events } = setup();
    client.seed(widgets, { metadata: { name: 'a', namespace: 'ns' } });
    await informer.start();
    expect(informer.get('ns', 'a')).toBeDefined();
    await client.create(widgets, { metadata: { name: 'b', namespace: 'ns' }, spec: { x: 1 } });
    const b = await client.get(widgets, 'ns', 'b');
    await client.update(widgets, { ...b, spec: { x: 2 } });
    await client.delete(widgets, 'ns', 'a');
    await flush();
    expect(events).toEqual([
      ['add', 'a'],
      ['add', 'b'],
      ['update', 'b'],
      ['delete', 'a'],
    ]);
    expect(informer.list('ns').map((o) => o.metadata!.name)).toEqual(['b']);
    expect((informer.getByKey('ns/b') as { spec: { x: number } }).spec.x).toBe(2);
    informer.stop();
  });

  it('reconnects from the last resourceVersion after the watch closes', async () => {
    const { client, informer, events } = setup();
    await informer.start();
    client.closeWatches();
    await flush();
    expect(client.watchCount).toBe(1);
    await client.create(widgets, { metadata: { name: 'c', namespace: 'ns' } });
    await flush();
    expect(events).toEqual([['add', 'c']]);
    informer.stop();
    expect(client.watchCount).toBe(0);
  });

  it('relists on 410 Gone and announces what changed meanwhile', async () => {
    const { client, informer, events } = setup();
    client.seed(widgets, { metadata: { name: 'old', namespace: 'ns' } });
    await informer.start();
    informer.stop();
    // Changes the informer cannot see, then a watch that answers 410.
    await client.delete(widgets, 'ns', 'old');
    await client.create(widgets, { metadata: { name: 'new', namespace: 'ns' } });
    await flush();
    client.failNext.watch = [new ApiError(410, 'Expired', 'too old resource version')];
    await informer.start();
    await flush();
    expect(events).toEqual([
      ['add', 'old'],
      ['add', 'new'],
      ['delete', 'old'],
    ]);
    informer.stop();
  });

  it('retries a failed list after the retry delay', async () => {
    const { client, clock, informer } = setup();
    client.failNext.list = [new ApiError(0, 'ConnectionError', 'refused')];
    const started = informer.start();
    await flush();
    expect(informer.hasSynced).toBe(false);
    clock.advance(100);
    await started;
    expect(informer.hasSynced).toBe(true);
    informer.stop();
  });

  it('re-announces cached objects on resync', async () => {
    const { client, clock, informer, events } = setup({ resyncMs: 1000 });
    client.seed(widgets, { metadata: { name: 'a', namespace: 'ns' } });
    await informer.start();
    clock.advance(1000);
    expect(events).toEqual([
      ['add', 'a'],
      ['update', 'a'],
    ]);
    informer.stop();
  });
});

describe('FakeKubeClient listing', () => {
  it('lists namespaces without the namespaced objects stored under them', async () => {
    const { Resources } = await import('../../../src/lib/controller/resources.js');
    const client = new FakeKubeClient();
    client.seed(Resources.namespaces, { metadata: { name: 'ns' } });
    client.seed(Resources.pods, { metadata: { name: 'p', namespace: 'ns' } });
    expect((await client.list(Resources.namespaces)).items.map((o) => o.kind)).toEqual(['Namespace']);
    expect((await client.list(Resources.pods)).items.map((o) => o.metadata?.name)).toEqual(['p']);
    expect((await client.list(Resources.pods, 'ns')).items).toHaveLength(1);
  });
});
