import net from 'node:net';
import { BodyTooLargeError, readBody } from '../../../../src/lib/eventing/http/body.js';
import { listen, reply } from '../../../../src/lib/eventing/http/server.js';

describe('readBody', () => {
  it('settles when the client goes away mid-body, and enforces the cap while streaming', async () => {
    const results: Promise<unknown>[] = [];
    const waiters: (() => void)[] = [];
    const server = await listen((req, res) => {
      const p = readBody(req, req.url === '/small' ? 16 : 1000).then(
        () => 'ok',
        (e: Error) => e,
      );
      results.push(p);
      void p.then((r) => reply(res, r === 'ok' ? 200 : 413));
      waiters.shift()?.();
    });
    const nextRequest = () => new Promise<void>((r) => waiters.push(r));
    try {
      // Declares 100 bytes, sends 5, then hangs up.
      let arrived = nextRequest();
      const sock = net.connect(server.port, '127.0.0.1');
      await new Promise<void>((r) => sock.once('connect', () => r()));
      sock.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhello');
      await arrived;
      sock.destroy();
      const outcome = await results[0];
      // Node's own errors come from another realm under jest, so check the shape, not the class.
      expect(outcome).not.toBe('ok');
      expect(typeof (outcome as Error).message).toBe('string');
      expect(outcome).not.toBeInstanceOf(BodyTooLargeError);

      // Chunked (no Content-Length), over the cap: rejected while streaming.
      arrived = nextRequest();
      const body = new ReadableStream({
        start(c) {
          c.enqueue(new Uint8Array(64));
          c.close();
        },
      });
      const res = fetch(`${server.url}/small`, { method: 'POST', body, duplex: 'half' } as RequestInit).catch(() => undefined);
      await arrived;
      expect(await results[1]).toBeInstanceOf(BodyTooLargeError);
      await res;
    } finally {
      await server.close();
    }
  });
});
