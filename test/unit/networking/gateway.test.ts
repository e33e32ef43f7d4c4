import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { createGateway, Gateway, NO_HEALTHY_UPSTREAM, UPSTREAM_TIMEOUT } from '../../../src/lib/networking/gateway.js';
import { translate } from '../../../src/lib/networking/translate.js';
import type { KIngress, PlainService } from '../../../src/lib/networking/types.js';
import { kingress, split } from './fixtures.js';
import { Backend, send, startEchoBackend, startServer } from './loopback.js';
import { seededRandom } from './seeded-random.js';

describe('gateway over loopback', () => {
  let a: Backend;
  let b: Backend;
  let gw: Gateway;
  let port: number;
  const eps: Record<string, string[]> = {};
  const extra: Backend[] = [];

  const load = (ingresses: KIngress[], services: PlainService[] = []): void => {
    gw.setRoutes(translate({ ingresses, services, endpoints: (ns, svc, p) => eps[`${ns}/${svc}:${p}`] ?? [] }));
  };

  beforeAll(async () => {
    a = await startEchoBackend('a');
    b = await startEchoBackend('b');
    eps['default/hello-00001:80'] = [a.endpoint];
    eps['default/hello-00002:80'] = [b.endpoint];
    eps['default/rr-00001:80'] = [a.endpoint, b.endpoint];
    gw = createGateway({ random: seededRandom(7) });
    port = (await gw.listen()).port;
  });

  afterAll(async () => {
    await gw.close();
    await Promise.all([a.close(), b.close(), ...extra.map((e) => e.close())]);
  });

  beforeEach(() => {
    load([
      kingress('hello', [
        { headers: { 'Knative-Serving-Tag': { exact: 'v2' } }, splits: [split('hello-00002', 100)] },
        { splits: [split('hello-00001', 100)], appendHeaders: { 'Knative-Serving-Default-Route': 'true' } },
      ]),
    ]);
  });

  it('routes by Host (port stripped, case-insensitive) and adds split and forwarded headers', async () => {
    const r = await send(port, { host: 'HELLO.default.example.com:31080', path: '/x?y=1' });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body);
    expect(seen.name).toBe('a');
    expect(seen.url).toBe('/x?y=1');
    expect(seen.headers).toMatchObject({
      host: 'HELLO.default.example.com:31080',
      'knative-serving-revision': 'hello-00001',
      'knative-serving-namespace': 'default',
      'knative-serving-default-route': 'true',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'HELLO.default.example.com:31080',
    });
  });

  it('routes a Knative-Serving-Tag header to the tag route', async () => {
    const r = await send(port, { host: 'hello.default.example.com', headers: { 'Knative-Serving-Tag': 'v2' } });
    expect(JSON.parse(r.body).name).toBe('b');
  });

  it('serves cluster-local hosts on the same port (local mode)', async () => {
    const r = await send(port, { host: 'hello.default.svc.cluster.local' });
    expect(JSON.parse(r.body).name).toBe('a');
  });

  it('answers 404 with an empty body for unknown hosts, and /healthz there', async () => {
    const r = await send(port, { host: 'nope.example.com' });
    expect(r).toMatchObject({ status: 404, body: '' });
    const h = await send(port, { host: '127.0.0.1', path: '/healthz' });
    expect(h).toMatchObject({ status: 200, body: 'OK' });
  });

  it('answers 503 "no healthy upstream" for a target without endpoints', async () => {
    load([kingress('cold', [{ splits: [split('cold-00001', 100)] }])]);
    const r = await send(port, { host: 'cold.default.example.com' });
    expect(r).toMatchObject({ status: 503, body: NO_HEALTHY_UPSTREAM });
  });

  it('lets the onNoEndpoints hook hold the request and supply an endpoint (or refuse)', async () => {
    const seen: string[] = [];
    const hooked = createGateway({
      onNoEndpoints: async (target) => {
        seen.push(target.key);
        return target.service === 'cold-00001' ? a.endpoint : null;
      },
    });
    const hp = (await hooked.listen()).port;
    try {
      hooked.setRoutes(
        translate({
          ingresses: [kingress('cold', [{ splits: [split('cold-00001', 100)] }]), kingress('dead', [{ splits: [split('dead-00001', 100)] }])],
          endpoints: () => [],
        }),
      );
      const ok = await send(hp, { host: 'cold.default.example.com', method: 'POST', body: 'held body' });
      expect(JSON.parse(ok.body)).toMatchObject({ name: 'a', body: 'held body' });
      const refused = await send(hp, { host: 'dead.default.example.com' });
      expect(refused.status).toBe(503);
      expect(seen).toEqual(['default/cold-00001:80', 'default/dead-00001:80']);
    } finally {
      await hooked.close();
    }
  });

  it('splits traffic by percent within statistical tolerance', async () => {
    load([kingress('hello', [{ splits: [split('hello-00001', 25), split('hello-00002', 75)] }])]);
    const n = 300;
    let toA = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const one = (): Promise<string | undefined> =>
      new Promise((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, agent, headers: { host: 'hello.default.example.com' } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.headers['x-backend'] as string | undefined));
          })
          .on('error', reject);
      });
    for (let i = 0; i < n; i += 10) {
      for (const who of await Promise.all(Array.from({ length: 10 }, one))) if (who === 'a') toA++;
    }
    agent.destroy();
    const sigma = Math.sqrt(n * 0.25 * 0.75);
    expect(Math.abs(toA - n * 0.25)).toBeLessThan(4 * sigma);
  });

  it('round-robins across the endpoints of one target', async () => {
    load([kingress('rr', [{ splits: [split('rr-00001', 100)] }])]);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push(String((await send(port, { host: 'rr.default.example.com' })).headers['x-backend']));
    expect(new Set(names.slice(0, 2))).toEqual(new Set(['a', 'b']));
    expect(names.slice(2)).toEqual(names.slice(0, 2));
  });

  it('hot-swaps the route table', async () => {
    expect(JSON.parse((await send(port, { host: 'hello.default.example.com' })).body).name).toBe('a');
    load([kingress('hello', [{ splits: [split('hello-00002', 100)] }])]);
    expect(JSON.parse((await send(port, { host: 'hello.default.example.com' })).body).name).toBe('b');
  });

  it('routes plain Services and honours absolute-form targets (HTTP proxy use)', async () => {
    eps['knative-eventing/broker-ingress:80'] = [b.endpoint];
    load([], [{ metadata: { name: 'broker-ingress', namespace: 'knative-eventing' }, spec: { ports: [{ port: 80 }] } }]);
    const r = await send(port, { path: 'http://broker-ingress.knative-eventing.svc.cluster.local/default/default', host: 'ignored' });
    expect(JSON.parse(r.body)).toMatchObject({ name: 'b', url: '/default/default' });
    // The target's host is the one the upstream sees, whatever the Host header said.
    expect(JSON.parse(r.body).headers.host).toBe('broker-ingress.knative-eventing.svc.cluster.local');
  });

  it('serves a proxy client (curl -x): absolute-form target, Proxy-Connection dropped', async () => {
    const r = await send(port, {
      path: 'http://hello.default.svc.cluster.local/p?q=1',
      host: 'hello.default.svc.cluster.local',
      headers: { 'Proxy-Connection': 'Keep-Alive', 'User-Agent': 'curl/8.5.0' },
    });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body);
    expect(seen).toMatchObject({ name: 'a', url: '/p?q=1' });
    expect(seen.headers.host).toBe('hello.default.svc.cluster.local');
    expect(seen.headers).not.toHaveProperty('proxy-connection');
  });

  it('answers 503 when the endpoint refuses connections', async () => {
    const dead = await startEchoBackend('dead');
    await dead.close();
    eps['default/gone-00001:80'] = [dead.endpoint];
    load([kingress('gone', [{ splits: [split('gone-00001', 100)] }])]);
    const r = await send(port, { host: 'gone.default.example.com' });
    expect(r.status).toBe(503);
  });

  it('answers 504 when the route timeout expires before the response', async () => {
    const slow = await startServer(() => undefined);
    extra.push(slow);
    eps['default/slow-00001:80'] = [slow.endpoint];
    load([kingress('slow', [{ splits: [split('slow-00001', 100)], timeout: '150ms' }])]);
    const r = await send(port, { host: 'slow.default.example.com' });
    expect(r).toMatchObject({ status: 504, body: UPSTREAM_TIMEOUT });
  });

  it('streams response bodies chunk by chunk and request bodies through', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const streamer = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      void gate.then(() => {
        req.pipe(res);
      });
    });
    extra.push(streamer);
    eps['default/stream-00001:80'] = [streamer.endpoint];
    load([kingress('stream', [{ splits: [split('stream-00001', 100)] }])]);
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/', headers: { host: 'stream.default.example.com' }, agent: false },
        (res) => {
          let got = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            got += c;
            // The first chunk arrived while the upstream still holds the rest: nothing was buffered.
            if (got === 'first;') {
              req.write('second;');
              req.end('third');
              release();
            }
          });
          res.on('end', () => resolve(got));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(body).toBe('first;second;third');
  });

  it('aborts the upstream request when the client disconnects mid-stream', async () => {
    let upstreamClosed!: () => void;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    const hold = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('partial');
      res.on('close', () => upstreamClosed());
    });
    extra.push(hold);
    eps['default/hold-00001:80'] = [hold.endpoint];
    load([kingress('hold', [{ splits: [split('hold-00001', 100)] }])]);
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, headers: { host: 'hold.default.example.com' }, agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.end();
    });
    await closed;
    // The gateway is still serving.
    expect((await send(port, { host: '127.0.0.1', path: '/healthz' })).status).toBe(200);
  });

  it('tunnels a WebSocket upgrade and echoes both ways', async () => {
    const ws = await startServer((_req, res) => res.end('not a websocket'));
    ws.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
      const accept = crypto
        .createHash('sha1')
        .update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      socket.pipe(socket);
    });
    extra.push(ws);
    eps['default/ws-00001:80'] = [ws.endpoint];
    load([kingress('ws', [{ splits: [split('ws-00001', 100)] }])]);
    const key = crypto.randomBytes(16).toString('base64');
    const echoed = await new Promise<{ accept: string; data: string }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        agent: false,
        headers: { host: 'ws.default.example.com', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': key, 'sec-websocket-version': '13' },
      });
      req.on('upgrade', (res, socket) => {
        socket.once('data', (d: Buffer) => {
          socket.destroy();
          resolve({ accept: String(res.headers['sec-websocket-accept']), data: d.toString() });
        });
        socket.write('ping over the tunnel');
      });
      req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
    const expected = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    expect(echoed).toEqual({ accept: expected, data: 'ping over the tunnel' });
  });

  it('answers 431 to oversized headers and 400 to malformed requests, and keeps serving', async () => {
    const big = await send(port, { host: 'hello.default.example.com', headers: { 'x-big': 'x'.repeat(80 * 1024) } });
    expect(big.status).toBe(431);
    const raw = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('THIS IS NOT HTTP\r\n\r\n'));
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
    });
    expect(raw.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await send(port, { host: 'hello.default.example.com' })).status).toBe(200);
  });

  it('refuses to listen on a non-loopback address', async () => {
    await expect(createGateway({ host: '0.0.0.0' }).listen()).rejects.toThrow('loopback');
  });
});
