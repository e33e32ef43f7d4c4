// get() through withCachedReads: synced informer caches answer (as copies), misses ask the API.
import { withCachedReads } from '../../../src/lib/controller/cached-client.js';
import { FakeKubeClient } from '../../../src/lib/controller/fake-client.js';
import { InformerFactory } from '../../../src/lib/controller/informer-factory.js';
import type { KubeObject } from '../../../src/lib/controller/objects.js';
import { Resources } from '../../../src/lib/controller/resources.js';

describe('withCachedReads', () => {
  it('answers get() from a synced informer and falls back to the API on a miss', async () => {
    const api = new FakeKubeClient();
    await api.create(Resources.configMaps, { metadata: { name: 'a', namespace: 'ns' }, data: { k: 'v' } } as KubeObject);
    const factory = new InformerFactory(api);
    const informer = factory.for(Resources.configMaps);
    await factory.start();
    const client = withCachedReads(api, factory);
    try {
      let gets = 0;
      const apiGet = api.get.bind(api);
      api.get = ((...a: Parameters<typeof api.get>) => (gets++, apiGet(...a))) as typeof api.get;
      const got = await client.get<KubeObject & { data?: Record<string, string> }>(Resources.configMaps, 'ns', 'a');
      expect(got).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v' } });
      expect(gets).toBe(0);
      got.data!.k = 'changed';
      expect((informer.get('ns', 'a') as KubeObject & { data?: Record<string, string> }).data?.k).toBe('v');

      // Lists by label selector come from the cache too.
      const listed = await client.list(Resources.configMaps, 'ns', { labelSelector: '' });
      expect(listed.items.map((o) => o.metadata?.name)).toEqual(['a']);
      expect((await client.list(Resources.configMaps, 'ns', { labelSelector: 'app=x' })).items).toEqual([]);
      expect((await client.list(Resources.configMaps, 'other')).items).toEqual([]);

      // Not in the cache yet (just created): the API server answers.
      informer.stop();
      await api.create(Resources.configMaps, { metadata: { name: 'b', namespace: 'ns' } } as KubeObject);
      expect((await client.get(Resources.configMaps, 'ns', 'b')).metadata?.name).toBe('b');
      expect(gets).toBe(1);
      // No informer for the resource: the API server answers.
      await expect(client.get(Resources.secrets, 'ns', 'nope')).rejects.toMatchObject({ code: 404 });
    } finally {
      factory.stop();
    }
  });
});
