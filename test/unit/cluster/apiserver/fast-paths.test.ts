// The write and watch paths' shortcuts (no defensive copies of owned bodies, stored JSON sent as is,
// hand-split request targets, one encoded line per watch event) must not change what clients see.
import { request } from 'node:https';
import { startTestCluster, type TestCluster } from '../../../helpers/cluster.js';
import { storedJsonOf, timestamp } from '../../../../src/lib/cluster/apiserver/object-service.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

function call(method: string, path: string, body?: unknown): Promise<{ code: number; json: any; text: string }> {
  const h = cluster.handle;
  return new Promise((resolve, reject) => {
    const req = request(`${h.url}${path}`, { method, ca: h.caCertPem, headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

test('timestamp drops the milliseconds as before', () => {
  for (const ms of [0, 1_700_000_000_123, Date.UTC(2026, 11, 2, 23, 59, 59, 999)]) {
    expect(timestamp(ms)).toBe(new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  }
});

test('in-process creates leave the caller body alone; the result carries its stored JSON', async () => {
  const def = cluster.handle.store.registry.find('', 'v1', 'configmaps')!;
  const body = { metadata: { generateName: 'keep-' }, data: { a: '1' } };
  const before = JSON.stringify(body);
  const created = await cluster.handle.store.create(def, 'default', body);
  expect(JSON.stringify(body)).toBe(before);
  expect(created.metadata.name).toMatch(/^keep-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  expect(storedJsonOf(created)).toBe(JSON.stringify(created));
  expect(storedJsonOf({ ...created })).toBeUndefined();
});

test('POST answers the stored object; paths with escapes, trailing slashes and queries route as before', async () => {
  const created = await call('POST', '/api/v1/namespaces/default/configmaps/', { metadata: { generateName: 'fp-' }, data: { k: 'v' } });
  expect(created.code).toBe(201);
  expect(created.json.metadata.resourceVersion).toMatch(/^\d+$/);
  const name = created.json.metadata.name as string;
  const got = await call('GET', `/api/v1/namespaces/default/configmaps/${name}`);
  expect(got.text).toBe(created.text);
  expect((await call('GET', `/api/v1/namespaces/%64efault/configmaps/${name}`)).text).toBe(created.text);
  expect((await call('GET', `/api/v1/namespaces/default/configmaps/${name}?pretty=false#frag`)).text).toBe(created.text);
  // Dot segments are resolved as URL does: /api/v1/namespaces/x/../default/... is the default namespace.
  expect((await call('GET', `/api/v1/namespaces/x/../default/configmaps/${name}`)).code).toBe(200);
  const list = await call('GET', '/api/v1/namespaces/default/configmaps?labelSelector=absent%3Dyes');
  expect(list.json.items).toEqual([]);
  // A protocol-relative target is not a resource path.
  expect((await call('GET', '//api/v1/namespaces/default/configmaps')).code).toBe(404);
});

test('every watcher of a resource receives the same event lines', async () => {
  const h = cluster.handle;
  const lines: string[][] = [[], [], []];
  const reqs = lines.map(
    (got) =>
      new Promise<() => void>((resolve) => {
        const req = request(`${h.url}/api/v1/namespaces/kube-public/configmaps?watch=true&resourceVersion=${h.backend.revision()}`, { ca: h.caCertPem, headers: { Authorization: `Bearer ${h.token}` } }, (res) => {
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (d) => {
            buf += d;
            let nl;
            while ((nl = buf.indexOf('\n')) >= 0) {
              got.push(buf.slice(0, nl));
              buf = buf.slice(nl + 1);
            }
          });
          resolve(() => req.destroy());
        });
        req.end();
      }),
  );
  const stops = await Promise.all(reqs);
  const created = await call('POST', '/api/v1/namespaces/kube-public/configmaps', { metadata: { name: 'fanned' } });
  await call('DELETE', '/api/v1/namespaces/kube-public/configmaps/fanned');
  const deadline = Date.now() + 5000;
  while (lines.some((l) => l.length < 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  for (const s of stops) s();
  expect(lines[0]).toHaveLength(2);
  expect(lines[1]).toEqual(lines[0]);
  expect(lines[2]).toEqual(lines[0]);
  expect(JSON.parse(lines[0][0])).toEqual({ type: 'ADDED', object: created.json });
  expect(JSON.parse(lines[0][1]).type).toBe('DELETED');
});
