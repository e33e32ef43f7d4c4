// Behaviour: pods reach cluster-internal URLs in local mode (issue #7). A `--cmd node` ksvc posts a
// CloudEvent to http://broker-ingress.knative-eventing.svc.cluster.local/default/default from inside
// its pod (the NODE_OPTIONS preload sends it to the gateway), a trigger delivers it to
// event-display; a Python ksvc does the same through HTTP_PROXY (the gateway, absolute-form
// requests); and a proxy client on the host (`curl -x`) reaches an in-cluster URL the same way.
import { jest } from '@jest/globals';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, getViaGateway, kn, kubectl, startLocalCluster, type LocalCluster } from '../helpers/local-cluster.js';

const BROKER_URL = 'http://broker-ingress.knative-eventing.svc.cluster.local/default/default';

// On each request, POSTs a binary-mode CloudEvent (id from ?id=) to the broker with fetch or, with
// ?via=http, http.request; answers with the broker's status code.
const NODE_PRODUCER = `
const http = require('http');
const headers = (id) => ({ 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': 'pod-network', 'ce-type': 'dev.podnet' });
const viaHttp = (id, body) => new Promise((resolve, reject) => {
  const req = http.request(${JSON.stringify(BROKER_URL)}, { method: 'POST', headers: { ...headers(id), 'content-length': Buffer.byteLength(body) } }, (res) => { res.resume(); resolve(res.statusCode); });
  req.on('error', reject);
  req.end(body);
});
const viaFetch = async (id, body) => (await fetch(${JSON.stringify(BROKER_URL)}, { method: 'POST', headers: headers(id), body })).status;
http.createServer(async (req, res) => {
  const u = new URL(req.url, 'http://x');
  const id = u.searchParams.get('id') || 'none';
  try {
    const status = await (u.searchParams.get('via') === 'http' ? viaHttp : viaFetch)(id, JSON.stringify({ from: 'node' }));
    res.end(String(status));
  } catch (e) {
    res.statusCode = 500;
    res.end('error ' + e.message);
  }
}).listen(process.env.PORT);
`;

// The same in Python (urllib honours http_proxy / no_proxy), binding $HOST:$PORT itself.
const PYTHON_PRODUCER = `
import os, json, urllib.request, urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        req = urllib.request.Request(${JSON.stringify(BROKER_URL)}, data=json.dumps({'from': 'python'}).encode(), method='POST', headers={
            'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': q.get('id', ['none'])[0], 'ce-source': 'pod-network', 'ce-type': 'dev.podnet'})
        try:
            status = urllib.request.urlopen(req, timeout=10).status
        except Exception as e:
            status = 'error ' + str(e)
        body = str(status).encode()
        self.send_response(200)
        self.send_header('content-length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
HTTPServer((os.environ['HOST'], int(os.environ['PORT'])), H).serve_forever()
`;

const host = (name: string) => `${name}.default.127.0.0.1.sslip.io`;
const python = (() => {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
})();
const hasCurl = spawnSync('curl', ['--version']).status === 0;

let cluster: LocalCluster;
let dir: string;

async function displayLog(): Promise<string> {
  const r = await kubectl(cluster, ['logs', '-l', 'serving.knative.dev/service=event-display', '-c', 'user-container', '--tail=-1']);
  return r.stdout;
}

const delivered = (id: string) => eventually(`event-display logs ${id}`, async () => ((await displayLog()).includes(`id: ${id}`) ? true : undefined), 30_000, 300);

async function createService(name: string, ...args: string[]): Promise<void> {
  const r = await kn(cluster, ['service', 'create', name, ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kn-ts-podnet-'));
  writeFileSync(join(dir, 'producer.cjs'), NODE_PRODUCER);
  writeFileSync(join(dir, 'producer.py'), PYTHON_PRODUCER);
  cluster = await startLocalCluster();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('pods reach cluster-internal URLs (local mode)', () => {
  jest.setTimeout(90_000);

  it('a Node.js pod posts to broker-ingress.knative-eventing.svc.cluster.local; the trigger delivers to event-display', async () => {
    await createService('event-display', '--image', 'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display');
    expect((await kn(cluster, ['broker', 'create', 'default'])).code).toBe(0);
    expect((await kn(cluster, ['trigger', 'create', 't', '--broker', 'default', '--filter', 'type=dev.podnet', '--sink', 'ksvc:event-display'])).code).toBe(0);
    await eventually('trigger t ready', async () => {
      const r = await kubectl(cluster, ['get', 'trigger', 't', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
      return r.stdout === 'True' ? true : undefined;
    });
    await createService('producer', '--image', 'dev.local/producer', '--cmd', 'node', '--arg', join(dir, 'producer.cjs'));

    const viaFetch = await getViaGateway(cluster, host('producer'), '/?id=node-fetch-1');
    expect(viaFetch).toEqual({ status: 200, body: '202' });
    const viaHttp = await getViaGateway(cluster, host('producer'), '/?id=node-http-1&via=http');
    expect(viaHttp).toEqual({ status: 200, body: '202' });
    await delivered('node-fetch-1');
    await delivered('node-http-1');
  });

  it('a proxy client reaches an in-cluster URL through the gateway (absolute-form, curl -x)', async () => {
    // What curl -x sends: the full URL as the request target.
    const status = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port: cluster.gatewayPort, path: 'http://producer.default.svc.cluster.local/?id=proxy-1', headers: { host: 'producer.default.svc.cluster.local', 'proxy-connection': 'Keep-Alive' }, agent: false, timeout: 20_000 },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(`${res.statusCode} ${body}`));
        },
      );
      req.on('error', reject);
    });
    expect(status).toBe('200 202');
    await delivered('proxy-1');
    if (hasCurl) {
      // Asynchronously: the gateway runs in this process.
      const { stdout } = await promisify(execFile)('curl', ['-sS', '--max-time', '20', '-x', `http://127.0.0.1:${cluster.gatewayPort}`, 'http://producer.default.svc.cluster.local/?id=curl-1'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect(stdout).toBe('202');
      await delivered('curl-1');
    }
  });

  (python ? it : it.skip)('a non-Node pod (Python) reaches the broker through HTTP_PROXY', async () => {
    await createService('pyproducer', '--image', 'dev.local/pyproducer', '--cmd', python!, '--arg', join(dir, 'producer.py'));
    const r = await getViaGateway(cluster, host('pyproducer'), '/?id=python-1');
    expect(r).toEqual({ status: 200, body: '202' });
    await delivered('python-1');
  });
});
