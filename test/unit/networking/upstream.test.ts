import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createGateway, Gateway } from '../../../src/lib/networking/gateway.js';
import { translate } from '../../../src/lib/networking/translate.js';
import { kingress, split } from './fixtures.js';
import { Backend, send, startServer } from './loopback.js';

/** A raw TCP server answering every connection with fixed bytes, then closing. */
async function rawServer(reply: string): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.once('data', () => s.end(reply, 'latin1'));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('gateway upstream client (framing and bodies)', () => {
  let gw: Gateway;
  let port: number;
  let app: Backend;
  const cleanups: (() => Promise<void>)[] = [];

  const routeTo = (endpoint: string): void => {
    gw.setRoutes(translate({ ingresses: [kingress('t', [{ splits: [split('t-00001', 100)] }])], endpoints: () => [endpoint] }));
  };

  beforeAll(async () => {
    app = await startServer((req, res) => {
      if (req.url === '/204') {
        res.writeHead(204).end();
      } else if (req.url === '/big') {
        const body = Buffer.alloc(5 * 1024 * 1024, 'x');
        res.writeHead(200, { 'content-length': body.length });
        res.end(body);
      } else if (req.url === '/hash') {
        const h = crypto.createHash('sha256');
        let n = 0;
        req.on('data', (c: Buffer) => {
          h.update(c);
          n += c.length;
        });
        req.on('end', () => res.end(`${n}:${h.digest('hex')}`));
      } else {
        res.writeHead(200, { 'content-length': 5, 'x-kind': 'plain' });
        res.end('hello');
      }
    });
    gw = createGateway();
    port = (await gw.listen()).port;
  });

  afterAll(async () => {
    await gw.close();
    await app.close();
    for (const c of cleanups) await c();
  });

  it('answers HEAD without waiting for a body, and 204 without one', async () => {
    routeTo(app.endpoint);
    const head = await send(port, { host: 't.default.example.com', method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('5');
    expect(await send(port, { host: 't.default.example.com', path: '/204' })).toMatchObject({ status: 204, body: '' });
    // The pooled connection is still usable afterwards.
    expect((await send(port, { host: 't.default.example.com' })).body).toBe('hello');
  });

  it('relays a 5 MiB response and a 5 MiB upload intact', async () => {
    routeTo(app.endpoint);
    const big = await send(port, { host: 't.default.example.com', path: '/big' });
    expect(big.body.length).toBe(5 * 1024 * 1024);
    const upload = crypto.randomBytes(5 * 1024 * 1024);
    const reply = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'PUT', path: '/hash', agent: false, headers: { host: 't.default.example.com', 'content-length': upload.length } },
        (res) => {
          let s = '';
          res.on('data', (c) => (s += c));
          res.on('end', () => resolve(s));
        },
      );
      req.on('error', reject);
      req.end(upload);
    });
    expect(reply).toBe(`${upload.length}:${crypto.createHash('sha256').update(upload).digest('hex')}`);
  });

  it('reads a body delimited by connection close (HTTP/1.0 style)', async () => {
    const raw = await rawServer('HTTP/1.0 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil close');
    cleanups.push(raw.close);
    routeTo(raw.endpoint);
    expect(await send(port, { host: 't.default.example.com' })).toMatchObject({ status: 200, body: 'until close' });
  });

  it('skips interim 1xx answers and decodes chunked bodies with extensions and trailers', async () => {
    const raw = await rawServer(
      'HTTP/1.1 103 Early Hints\r\nlink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n2\r\nef\r\n0\r\nx-trailer: 1\r\n\r\n',
    );
    cleanups.push(raw.close);
    routeTo(raw.endpoint);
    expect(await send(port, { host: 't.default.example.com' })).toMatchObject({ status: 200, body: 'abcdef' });
  });

  it('passes non-ASCII response header bytes through unchanged', async () => {
    const raw = await rawServer('HTTP/1.1 200 OK\r\nx-name: caf\xe9\r\ncontent-length: 2\r\n\r\nok');
    cleanups.push(raw.close);
    routeTo(raw.endpoint);
    const r = await send(port, { host: 't.default.example.com' });
    expect(r.headers['x-name']).toBe('caf\xe9');
  });

  it('answers 503 to a malformed upstream answer', async () => {
    const raw = await rawServer('SSH-2.0-not-http\r\n\r\n');
    cleanups.push(raw.close);
    routeTo(raw.endpoint);
    expect((await send(port, { host: 't.default.example.com' })).status).toBe(503);
  });

  it('never lets appendHeaders values inject header lines', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const echo = await startServer((req, res) => {
      seen.push(req.headers);
      res.end('ok');
    });
    cleanups.push(echo.close);
    const ing = kingress('t', [{ splits: [{ ...split('t-00001', 100), appendHeaders: { 'x-ok': 'fine', 'x-bad': 'a\r\nx-injected: 1' } }] }]);
    gw.setRoutes(translate({ ingresses: [ing], endpoints: () => [echo.endpoint] }));
    expect((await send(port, { host: 't.default.example.com' })).body).toBe('ok');
    expect(seen[0]['x-ok']).toBe('fine');
    expect(seen[0]['x-injected']).toBeUndefined();
    expect(seen[0]['x-bad']).toBeUndefined();
  });
});
