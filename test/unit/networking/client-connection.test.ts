import net from 'node:net';
import { createGateway, Gateway } from '../../../src/lib/networking/gateway.js';
import { translate } from '../../../src/lib/networking/translate.js';
import { kingress, split } from './fixtures.js';
import { Backend, startServer } from './loopback.js';

/** Writes raw bytes on a fresh connection and collects everything until the server closes it (or `until` matches). */
function rawExchange(port: number, bytes: string, until?: (got: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(bytes, 'latin1'));
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (until?.(got)) {
        s.destroy();
        resolve(got);
      }
    });
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
  });
}

const count = (text: string, what: string): number => text.split(what).length - 1;

describe('gateway connection engine (raw HTTP/1.x)', () => {
  let gw: Gateway;
  let port: number;
  let app: Backend;

  beforeAll(async () => {
    app = await startServer((req, res) => {
      if (req.url === '/bytes') {
        // Node decodes header bytes as latin1: echo the value's bytes as hex.
        res.end(Buffer.from(String(req.headers['x-name']), 'latin1').toString('hex'));
        return;
      }
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => res.end(`${req.method} ${req.url} ${body}`));
    });
    gw = createGateway();
    port = (await gw.listen()).port;
    gw.setRoutes(translate({ ingresses: [kingress('t', [{ splits: [split('t-00001', 100)] }])], endpoints: () => [app.endpoint] }));
  });

  afterAll(async () => {
    await gw.close();
    await app.close();
  });

  it('answers pipelined requests in order on one connection', async () => {
    const req = (p: string): string => `GET ${p} HTTP/1.1\r\nHost: t.default.example.com\r\n\r\n`;
    const got = await rawExchange(port, req('/one') + req('/two') + req('/three'), (g) => count(g, 'HTTP/1.1 200') === 3 && g.includes('/three'));
    expect(got.indexOf('GET /one')).toBeLessThan(got.indexOf('GET /two'));
    expect(got.indexOf('GET /two')).toBeLessThan(got.indexOf('GET /three'));
  });

  it('passes non-ASCII request header bytes through unchanged', async () => {
    const got = await rawExchange(port, 'GET /bytes HTTP/1.1\r\nHost: t.default.example.com\r\nX-Name: caf\xe9\r\n\r\n', (g) =>
      g.includes('636166e9'),
    );
    expect(got).toContain('636166e9');
  });

  it('serves an HTTP/1.0 client and closes after the answer', async () => {
    const got = await rawExchange(port, 'GET /old HTTP/1.0\r\nHost: t.default.example.com\r\n\r\n');
    expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(got.toLowerCase()).toContain('connection: close');
    expect(got.endsWith('GET /old ')).toBe(true);
  });

  it('answers Expect: 100-continue before the body is sent, then relays it', async () => {
    const got = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () =>
        s.write('POST /up HTTP/1.1\r\nHost: t.default.example.com\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n'),
      );
      let all = '';
      s.on('data', (d) => {
        all += d.toString('latin1');
        if (all === 'HTTP/1.1 100 Continue\r\n\r\n') s.write('hello');
        if (all.includes('POST /up hello')) {
          s.destroy();
          resolve(all);
        }
      });
    });
    expect(got.startsWith('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK')).toBe(true);
  });

  it('relays a chunked request body and keeps the connection for the next request', async () => {
    const got = await rawExchange(
      port,
      'POST /c HTTP/1.1\r\nHost: t.default.example.com\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n' +
        'GET /after HTTP/1.1\r\nHost: t.default.example.com\r\n\r\n',
      (g) => g.includes('GET /after'),
    );
    expect(got).toContain('POST /c abcde');
  });

  it.each([
    ['both Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: t.default.example.com\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['a bad Content-Length', 'POST / HTTP/1.1\r\nHost: t.default.example.com\r\nContent-Length: 1x\r\n\r\n'],
    ['obs-fold', 'GET / HTTP/1.1\r\nHost: t.default.example.com\r\nX-A: 1\r\n  folded\r\n\r\n'],
    ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\nX-A: 1\r\n\r\n'],
    ['two Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
    ['an unknown HTTP version', 'GET / HTTP/2.0\r\nHost: t.default.example.com\r\n\r\n'],
  ])('refuses %s with 400 and closes', async (_name, bytes) => {
    const got = await rawExchange(port, bytes);
    expect(got).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('closes idle keep-alive connections after the idle timeout', async () => {
    const quick = createGateway({ keepAliveTimeoutMs: 50 });
    const qp = (await quick.listen()).port;
    try {
      const closed = await new Promise<boolean>((resolve) => {
        const s = net.connect(qp, '127.0.0.1');
        s.on('close', () => resolve(true));
        s.on('error', () => resolve(true));
      });
      expect(closed).toBe(true);
    } finally {
      await quick.close();
    }
  });
});
