// Behaviour of the embedded API server through @kubernetes/client-node and raw HTTPS.
import { CoreV1Api, CustomObjectsApi, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { request } from 'node:https';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';

interface RawResponse {
  status: number;
  body: any;
  text: string;
}

/** One HTTPS request against the test server (token unless `token: null`). */
function raw(c: TestCluster, method: string, path: string, opts: { body?: string | Buffer; contentType?: string; token?: string | null; accept?: string } = {}): Promise<RawResponse> {
  const url = new URL(path, c.handle.url);
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  const token = opts.token === undefined ? c.handle.token : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(opts.body));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: c.handle.caCertPem, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, text });
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const ksvc = (name: string) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: { name },
  spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] } } },
});

describe('API server via client-node', () => {
  let c: TestCluster;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  beforeAll(async () => {
    c = await startTestCluster();
    core = c.kubeConfig.makeApiClient(CoreV1Api);
    custom = c.kubeConfig.makeApiClient(CustomObjectsApi);
  });
  afterAll(() => c.stop());

  it('starts with the standard namespaces', async () => {
    const names = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    for (const n of ['default', 'kube-system', 'kube-public', 'knative-serving', 'knative-eventing', 'kourier-system']) expect(names).toContain(n);
  });

  it('creates, reads, lists with selectors and pages ConfigMaps', async () => {
    for (const [name, app] of [
      ['a', 'web'],
      ['b', 'db'],
      ['c', 'web'],
    ])
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name, labels: { app } }, data: { k: name } } });
    expect((await core.readNamespacedConfigMap({ name: 'b', namespace: 'default' })).data).toEqual({ k: 'b' });
    const web = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=web' });
    expect(web.items.map((i) => i.metadata?.name)).toEqual(['a', 'c']);
    const byName = await core.listConfigMapForAllNamespaces({ fieldSelector: 'metadata.name=b' });
    expect(byName.items.map((i) => i.metadata?.namespace)).toEqual(['default']);
    const p1 = await core.listNamespacedConfigMap({ namespace: 'default', limit: 2 });
    expect(p1.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
    expect(p1.metadata?.remainingItemCount).toBe(1);
    const p2 = await core.listNamespacedConfigMap({ namespace: 'default', limit: 2, _continue: p1.metadata?._continue });
    expect(p2.items.map((i) => i.metadata?.name)).toEqual(['c']);
    expect(p2.metadata?._continue).toBeUndefined();
  });

  it('watches from a resourceVersion and delivers events in order', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events: string[] = [];
    let abort: AbortController | undefined;
    const done = new Promise<void>((resolve, reject) => {
      new Watch(c.kubeConfig)
        .watch(
          '/api/v1/namespaces/default/configmaps',
          { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
          (type, obj) => {
            events.push(`${type} ${obj.metadata.name}`);
            if (events.length === 3) resolve();
          },
          (err) => (err ? reject(err) : undefined),
        )
        .then((a) => (abort = a), reject);
    });
    // Wait until the watch is registered before writing.
    while (!abort) await new Promise((r) => setImmediate(r));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'w' } } });
    await core.patchNamespacedConfigMap({ name: 'w', namespace: 'default', body: { data: { x: '1' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await core.deleteNamespacedConfigMap({ name: 'w', namespace: 'default' });
    await done;
    abort!.abort();
    expect(events).toEqual(['ADDED w', 'MODIFIED w', 'DELETED w']);
  });

  it('serves Knative CRDs: create, status subresource, generation', async () => {
    const created: any = await custom.createNamespacedCustomObject({ group: 'serving.knative.dev', version: 'v1', namespace: 'default', plural: 'services', body: ksvc('hello') });
    expect(created.metadata.generation).toBe(1);
    const st: any = await custom.patchNamespacedCustomObjectStatus(
      { group: 'serving.knative.dev', version: 'v1', namespace: 'default', plural: 'services', name: 'hello', body: { status: { url: 'http://hello.default.example.com', observedGeneration: 1 } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(st.status.url).toBe('http://hello.default.example.com');
    expect(st.metadata.generation).toBe(1);
    const upd: any = await custom.patchNamespacedCustomObject(
      { group: 'serving.knative.dev', version: 'v1', namespace: 'default', plural: 'services', name: 'hello', body: { spec: { template: { metadata: { name: 'hello-v2' } } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(upd.metadata.generation).toBe(2);
    expect(upd.status.url).toBe('http://hello.default.example.com');
  });
});

describe('API server raw HTTP behaviour', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster({ maxBodyBytes: 64 * 1024, watchHistoryEvents: 5, bookmarkIntervalMs: 50 });
  });
  afterAll(() => c.stop());

  it('answers health and version without a token, 401 Status otherwise', async () => {
    expect((await raw(c, 'GET', '/healthz', { token: null })).text).toBe('ok');
    expect((await raw(c, 'GET', '/version', { token: null })).body.major).toBe('1');
    for (const token of [null, 'wrong']) {
      const r = await raw(c, 'GET', '/api/v1/namespaces', { token });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });

  it('answers discovery for core and CRD groups', async () => {
    const apis = await raw(c, 'GET', '/apis');
    expect(apis.body.groups.map((g: any) => g.name)).toContain('serving.knative.dev');
    const sv = await raw(c, 'GET', '/apis/serving.knative.dev/v1');
    const svc = sv.body.resources.find((r: any) => r.name === 'services');
    expect(svc).toMatchObject({ kind: 'Service', namespaced: true, shortNames: ['kservice', 'ksvc'], categories: ['all', 'knative', 'serving'] });
    expect(sv.body.resources.map((r: any) => r.name)).toContain('services/status');
    expect((await raw(c, 'GET', '/api/v1')).body.resources.map((r: any) => r.name)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'namespaces/finalize']));
  });

  it.each([
    ['unknown resource', 'GET', '/api/v1/namespaces/default/widgets', undefined, undefined, 404, 'NotFound'],
    ['unknown group', 'GET', '/apis/nope.example.com/v1', undefined, undefined, 404, 'NotFound'],
    ['missing object', 'GET', '/api/v1/namespaces/default/configmaps/none', undefined, undefined, 404, 'NotFound'],
    ['POST to a named object', 'POST', '/api/v1/namespaces/default/configmaps/x', '{}', undefined, 405, 'MethodNotAllowed'],
    ['malformed JSON', 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata": {', undefined, 400, 'BadRequest'],
    ['kind mismatch', 'POST', '/api/v1/namespaces/default/configmaps', '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}', undefined, 400, 'BadRequest'],
    ['invalid name', 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"Not_Valid"}}', undefined, 422, 'Invalid'],
    ['missing namespace', 'POST', '/api/v1/namespaces/ghost/configmaps', '{"metadata":{"name":"x"}}', undefined, 404, 'NotFound'],
    ['unsupported patch type', 'PATCH', '/api/v1/namespaces/default/configmaps/x', '{}', 'text/plain', 415, 'UnsupportedMediaType'],
    ['bad label selector', 'GET', '/api/v1/configmaps?labelSelector=a%20b%20c', undefined, undefined, 400, 'BadRequest'],
    ['unknown field selector', 'GET', '/api/v1/configmaps?fieldSelector=spec.x%3Dy', undefined, undefined, 400, 'BadRequest'],
    ['non-string name', 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":5}}', undefined, 400, 'BadRequest'],
    ['array body', 'POST', '/api/v1/namespaces/default/configmaps', '[]', undefined, 400, 'BadRequest'],
    ['bad owner reference', 'POST', '/api/v1/namespaces/default/configmaps', '{"metadata":{"name":"o","ownerReferences":"x"}}', undefined, 422, 'Invalid'],
    ['malformed escape in path', 'GET', '/api/v1/namespaces/default/configmaps/%ZZ', undefined, undefined, 404, 'NotFound'],
    ['watch from a non-numeric resourceVersion', 'GET', '/api/v1/configmaps?watch=1&resourceVersion=abc', undefined, undefined, 400, 'BadRequest'],
    ['malformed YAML', 'POST', '/api/v1/namespaces/default/configmaps', 'a: [', 'application/yaml', 400, 'BadRequest'],
    ['garbage protobuf', 'POST', '/api/v1/namespaces/default/configmaps', 'k8s', 'application/vnd.kubernetes.protobuf', 415, 'UnsupportedMediaType'],
  ])('%s', async (_name, method, path, body, contentType, code, reason) => {
    const r = await raw(c, method, path, { body, contentType });
    expect(r.status).toBe(code);
    expect(r.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  });

  it('returns 409 with kube exact messages for duplicates and stale writes', async () => {
    const body = JSON.stringify({ metadata: { name: 'conf' }, data: { a: '1' } });
    const created = await raw(c, 'POST', '/api/v1/namespaces/default/configmaps', { body });
    expect(created.status).toBe(201);
    const dup = await raw(c, 'POST', '/api/v1/namespaces/default/configmaps', { body });
    expect(dup.status).toBe(409);
    expect(dup.body.reason).toBe('AlreadyExists');
    const rv = created.body.metadata.resourceVersion;
    await raw(c, 'PUT', '/api/v1/namespaces/default/configmaps/conf', { body: JSON.stringify({ metadata: { name: 'conf', resourceVersion: rv }, data: { a: '2' } }) });
    const stale = await raw(c, 'PUT', '/api/v1/namespaces/default/configmaps/conf', { body: JSON.stringify({ metadata: { name: 'conf', resourceVersion: rv }, data: { a: '3' } }) });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe('Operation cannot be fulfilled on configmaps "conf": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('caps bodies with 413 and accepts YAML', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { x: 'y'.repeat(70 * 1024) } });
    const r = await raw(c, 'POST', '/api/v1/namespaces/default/configmaps', { body: big });
    expect(r.status).toBe(413);
    expect(r.body.reason).toBe('RequestEntityTooLarge');
    const y = await raw(c, 'POST', '/api/v1/namespaces/default/configmaps', { body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n', contentType: 'application/yaml' });
    expect(y.status).toBe(201);
    expect(y.body.data).toEqual({ k: 'v' });
  });

  it('answers Table for kubectl and 410 Expired for a watch from compacted history', async () => {
    const t = await raw(c, 'GET', '/api/v1/namespaces', { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(t.body.kind).toBe('Table');
    expect(t.body.columnDefinitions.map((d: any) => d.name)).toEqual(['Name', 'Status', 'Age']);
    expect(t.body.rows.find((r: any) => r.cells[0] === 'default').cells[1]).toBe('Active');
    const w = await raw(c, 'GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&timeoutSeconds=5');
    const ev = JSON.parse(w.text.split('\n')[0]);
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('sends bookmarks when allowed and ends a watch at timeoutSeconds', async () => {
    const w = await raw(c, 'GET', '/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=0');
    const events = w.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(events.filter((e) => e.type === 'ADDED').length).toBeGreaterThan(0);
  });

  it('honours dryRun=All', async () => {
    const r = await raw(c, 'POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { body: JSON.stringify({ metadata: { name: 'dry' } }) });
    expect(r.status).toBe(201);
    expect((await raw(c, 'GET', '/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
  });
});
