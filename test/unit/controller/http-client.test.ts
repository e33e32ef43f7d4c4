import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import type { WatchEvent } from '../../../src/lib/controller/client.js';
import { isGone, isNotFound } from '../../../src/lib/controller/errors.js';
import { createKubeClient } from '../../../src/lib/controller/http-client.js';
import { Resources } from '../../../src/lib/controller/resources.js';

// A scripted API server on loopback: each test sets how requests are answered.
let handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void = () => undefined;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => handler(req, res, body));
});
let kc: KubeConfig;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (res: http.ServerResponse, code: number, obj: unknown) => {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(obj));
};

describe('HTTP KubeClient', () => {
  it('sends credentials, paths and bodies, and fills apiVersion/kind of list items', async () => {
    const seen: string[] = [];
    handler = (req, res, body) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization} ${req.headers['content-type'] ?? ''} ${body}`);
      if (req.method === 'GET') return json(res, 200, { metadata: { resourceVersion: '7' }, items: [{ metadata: { name: 'a' } }] });
      json(res, 201, JSON.parse(body));
    };
    const client = createKubeClient(kc);
    const list = await client.list(Resources.deployments, 'ns', { labelSelector: 'app=x' });
    expect(list).toEqual({ resourceVersion: '7', items: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } }] });
    await client.patch(Resources.pods, 'ns', 'p', { status: { phase: 'Running' } }, 'status');
    expect(seen).toEqual([
      'GET /apis/apps/v1/namespaces/ns/deployments?labelSelector=app%3Dx Bearer secret-token  ',
      'PATCH /api/v1/namespaces/ns/pods/p/status Bearer secret-token application/merge-patch+json {"status":{"phase":"Running"}}',
    ]);
  });

  it('maps Status answers to ApiError', async () => {
    handler = (_req, res) => json(res, 404, { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "x" not found' });
    const err = await createKubeClient(kc).get(Resources.pods, 'ns', 'x').catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe('pods "x" not found');
  });

  it('streams watch events and closes with 410 Gone from an ERROR event', async () => {
    handler = (req, res) => {
      expect(req.url).toBe('/api/v1/namespaces/ns/pods?watch=true&allowWatchBookmarks=true&resourceVersion=5&timeoutSeconds=30');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '6' } } }) + '\n');
      res.write(JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '8' } } }) + '\n');
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
    };
    const events: WatchEvent[] = [];
    const closed = await new Promise<Error | undefined>((resolve) => {
      createKubeClient(kc).watch(Resources.pods, 'ns', { resourceVersion: '5', timeoutSeconds: 30 }, (e) => events.push(e), resolve);
    });
    expect(events.map((e) => [e.type, e.object.kind])).toEqual([
      ['ADDED', 'Pod'],
      ['BOOKMARK', undefined],
    ]);
    expect(isGone(closed)).toBe(true);
  });

  it('discovers list/watch/delete resources of the preferred version of each group', async () => {
    handler = (req, res) => {
      if (req.url === '/api/v1') return json(res, 200, { resources: [{ name: 'pods', namespaced: true, kind: 'Pod', verbs: ['list', 'watch', 'delete', 'get'] }, { name: 'pods/log', namespaced: true, kind: 'Pod', verbs: ['get'] }, { name: 'bindings', namespaced: true, kind: 'Binding', verbs: ['create'] }] });
      if (req.url === '/apis') return json(res, 200, { groups: [{ name: 'serving.knative.dev', preferredVersion: { version: 'v1' } }] });
      if (req.url === '/apis/serving.knative.dev/v1') return json(res, 200, { resources: [{ name: 'services', namespaced: true, kind: 'Service', verbs: ['list', 'watch', 'delete'] }] });
      json(res, 404, {});
    };
    expect(await createKubeClient(kc).discover()).toEqual([
      { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
      { group: 'serving.knative.dev', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
    ]);
  });
});
