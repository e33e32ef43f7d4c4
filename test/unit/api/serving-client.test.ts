// The real ServingClient over client-node, against nock on 127.0.0.1: error mapping and 409 retry.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { KnError } from '../../../src/lib/api/errors.js';
import { connect } from '../../../src/lib/api/kube.js';
import { createServingClient } from '../../../src/lib/api/serving.js';

const SERVER = 'http://127.0.0.1:6443';
const BASE = '/apis/serving.knative.dev/v1/namespaces/default/services';
let kubeconfig = '';

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'kn-kc-'));
  kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: local, cluster: {server: "' + SERVER + '", insecure-skip-tls-verify: true}}]',
      'users: [{name: me, user: {token: secret-token}}]',
      'contexts: [{name: local, context: {cluster: local, user: me, namespace: team}}]',
      'current-context: local',
    ].join('\n'),
  );
  nock.disableNetConnect();
  nock.enableNetConnect(/^127\.0\.0\.1:(?!6443)/);
});

afterEach(() => {
  nock.cleanAll();
});

// Nock patches node's http module, which every test file in this jest worker shares: leave it as found,
// or later suites in the same worker see "Disallowed net connect" on loopback.
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

function client(logHttp?: (l: string) => void) {
  return createServingClient(connect({ kubeconfig, logHttp }), 'default');
}

const status = (code: number, reason: string, message: string, name?: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message,
  reason,
  code,
  details: name ? { name, group: 'serving.knative.dev', kind: 'services' } : undefined,
});

async function failure(p: Promise<unknown>): Promise<KnError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(KnError);
    return e as KnError;
  }
  throw new Error('expected a failure');
}

describe('ServingClient over HTTP', () => {
  it('reads the context namespace from kubeconfig', () => {
    expect(connect({ kubeconfig }).contextNamespace).toBe('team');
  });

  it('gets a service and sets apiVersion/kind', async () => {
    const scope = nock(SERVER).get(`${BASE}/hello`).reply(200, { metadata: { name: 'hello' }, spec: {} });
    const s = await client().services.get('hello');
    expect(s.apiVersion).toBe('serving.knative.dev/v1');
    expect(s.kind).toBe('Service');
    scope.done();
  });

  it('maps 404 with a name to the server message', async () => {
    const scope = nock(SERVER)
      .get(`${BASE}/foo`)
      .reply(404, status(404, 'NotFound', 'services.serving.knative.dev "foo" not found', 'foo'));
    const e = await failure(client().services.get('foo'));
    expect(e.message).toBe('services.serving.knative.dev "foo" not found');
    expect(e.reason).toBe('NotFound');
    scope.done();
  });

  it('maps a 404 for the resource type to "API not installed"', async () => {
    const scope = nock(SERVER).get(BASE).query(true).reply(404, '404 page not found');
    const e = await failure(client().services.list());
    expect(e.message).toBe(
      "no or newer Knative Serving API found on the backend, please verify the installation or update the 'kn' client",
    );
    scope.done();
  });

  it('keeps the server message for a missing namespace', async () => {
    const scope = nock(SERVER)
      .post(BASE)
      .reply(404, { ...status(404, 'NotFound', 'namespaces "default" not found', 'default'), details: { name: 'default', kind: 'namespaces' } });
    const e = await failure(client().services.create({ metadata: { name: 'x' }, spec: { template: { spec: { containers: [] } } } }));
    expect(e).toMatchObject({ reason: 'NotFound', message: 'namespaces "default" not found' });
    scope.done();
  });

  it('maps 401 to a credentials hint', async () => {
    const scope = nock(SERVER).get(`${BASE}/x`).reply(401, status(401, 'Unauthorized', 'Unauthorized'));
    const e = await failure(client().services.get('x'));
    expect(e.reason).toBe('Unauthorized');
    expect(e.message).toMatch(/^Unauthorized.*credentials/);
    scope.done();
  });

  it('maps 403 to the server message', async () => {
    const msg = 'services.serving.knative.dev "x" is forbidden: User "me" cannot get resource "services"';
    const scope = nock(SERVER).get(`${BASE}/x`).reply(403, status(403, 'Forbidden', msg, 'x'));
    const e = await failure(client().services.get('x'));
    expect(e).toMatchObject({ reason: 'Forbidden', code: 403, message: msg });
    scope.done();
  });

  it('maps 500 without a Status body to a generic server error', async () => {
    const scope = nock(SERVER).get(`${BASE}/x`).reply(500, '');
    const e = await failure(client().services.get('x'));
    expect(e).toMatchObject({ reason: 'InternalError', code: 500 });
    scope.done();
  });

  it('maps 422 to Invalid with the server message', async () => {
    const msg = 'Service.serving.knative.dev "x" is invalid: spec.template: missing field(s)';
    const scope = nock(SERVER).post(BASE).reply(422, status(422, 'Invalid', msg, 'x'));
    const e = await failure(client().services.create({ metadata: { name: 'x' }, spec: { template: { spec: { containers: [] } } } }));
    expect(e).toMatchObject({ reason: 'Invalid', message: msg });
    scope.done();
  });

  it('retries an update on 409 Conflict with a fresh get', async () => {
    const conflict = status(409, 'Conflict', 'Operation cannot be fulfilled on services.serving.knative.dev "s": the object has been modified', 's');
    const scope = nock(SERVER)
      .get(`${BASE}/s`)
      .reply(200, { metadata: { name: 's', resourceVersion: '1' }, spec: { n: 0 } })
      .put(`${BASE}/s`, (b: { metadata: { resourceVersion: string } }) => b.metadata.resourceVersion === '1')
      .reply(409, conflict)
      .get(`${BASE}/s`)
      .reply(200, { metadata: { name: 's', resourceVersion: '2' }, spec: { n: 5 } })
      .put(`${BASE}/s`, (b: { metadata: { resourceVersion: string }; spec: { n: number } }) => b.metadata.resourceVersion === '2' && b.spec.n === 6)
      .reply(200, { metadata: { name: 's', resourceVersion: '3' }, spec: { n: 6 } });
    const out = await client().services.updateWithRetry('s', (s) => {
      (s.spec as unknown as { n: number }).n += 1;
      return s;
    });
    expect(out.metadata.resourceVersion).toBe('3');
    scope.done();
  });

  it('reports a refused connection as "error connecting to the cluster"', async () => {
    const c = createServingClient(connect({ kubeconfig: writeKubeconfig('http://127.0.0.1:1') }), 'default');
    nock.enableNetConnect('127.0.0.1:1');
    const e = await failure(c.services.get('x'));
    expect(e.reason).toBe('CannotConnect');
    expect(e.message).toBe('error connecting to the cluster, please verify connection at: 127.0.0.1:1');
  });

  it('lists with label and name selectors as query parameters', async () => {
    const scope = nock(SERVER)
      .get(BASE)
      .query({ labelSelector: 'a=b', fieldSelector: 'metadata.name=x' })
      .reply(200, { metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'x', labels: { a: 'b' } } }] });
    const list = await client().services.list({ name: 'x', labels: { a: 'b' } });
    expect(list).toMatchObject({ kind: 'ServiceList', metadata: { resourceVersion: '7' }, items: [{ kind: 'Service' }] });
    scope.done();
  });

  it('lists across namespaces on the cluster-wide path', async () => {
    const scope = nock(SERVER).get('/apis/serving.knative.dev/v1/services').reply(200, { items: [] });
    const c = createServingClient(connect({ kubeconfig }), '');
    expect((await c.services.list()).items).toEqual([]);
    scope.done();
  });

  it('deletes in the background and sends the bearer token and JSON headers', async () => {
    const scope = nock(SERVER, { reqheaders: { authorization: 'Bearer secret-token', accept: /application\/json/ } })
      .delete(`${BASE}/gone`)
      .query({ propagationPolicy: 'Background' })
      .reply(200, { kind: 'Status', status: 'Success' });
    await client().services.delete('gone');
    scope.done();
  });

  it('creates with a JSON body carrying apiVersion and kind', async () => {
    const scope = nock(SERVER, { reqheaders: { 'content-type': 'application/json' } })
      .post(BASE, (b: { apiVersion: string; kind: string }) => b.apiVersion === 'serving.knative.dev/v1' && b.kind === 'Service')
      .reply(201, { metadata: { name: 'n' } });
    const s = await client().services.create({ metadata: { name: 'n' }, spec: { template: { spec: { containers: [] } } } });
    expect(s.metadata.name).toBe('n');
    scope.done();
  });

  it('adds impersonation headers (--as, --as-group, --as-uid)', async () => {
    const scope = nock(SERVER, { reqheaders: { 'impersonate-user': 'jane', 'impersonate-group': 'g1,g2', 'impersonate-uid': '42' } })
      .get(`${BASE}/x`)
      .reply(200, { metadata: { name: 'x' } });
    const c = createServingClient(connect({ kubeconfig, as: 'jane', asGroups: ['g1', 'g2'], asUid: '42' }), 'default');
    await c.services.get('x');
    scope.done();
  });

  it('logs requests with --log-http and redacts the token', async () => {
    const lines: string[] = [];
    const scope = nock(SERVER).get(`${BASE}/hello`).reply(200, { metadata: { name: 'hello' } });
    await client((l) => lines.push(l)).services.get('hello');
    const text = lines.join('\n');
    expect(text).toContain(`GET ${SERVER}${BASE}/hello`);
    expect(text).toContain('HTTP 200');
    expect(text).not.toContain('secret-token');
    scope.done();
  });
});

function writeKubeconfig(server: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kn-kc-'));
  const p = join(dir, 'config');
  writeFileSync(
    p,
    `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n`,
  );
  return p;
}
