// Test subscriber: a loopback server that records every request and answers from a script.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { readBody } from '../../../src/lib/eventing/http/body.js';
import { decodeEvent, type Event } from '../../../src/lib/eventing/http/codec.js';
import { listen, type RunningServer } from '../../../src/lib/eventing/http/server.js';

/** One request the sink received. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  event?: Event;
}

/** Decides the answer to the n-th request (0-based). */
export type Responder = (n: number, got: Received, res: ServerResponse) => void;

/** A recording sink. */
export interface Sink extends RunningServer {
  received: Received[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<Received[]>;
}

/** Answers 200 with an empty body. */
export const ok: Responder = (_n, _got, res) => {
  res.writeHead(200, { 'content-length': 0 });
  res.end();
};

/** Starts a sink on 127.0.0.1 answering with `responder` (200 by default). */
export async function startSink(responder: Responder = ok): Promise<Sink> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: (r: Received[]) => void }[] = [];
  const server = await listen((req, res) => {
    void readBody(req, 1 << 20).then((body) => {
      let event: Event | undefined;
      try {
        event = decodeEvent(req.headers, body);
      } catch {
        event = undefined;
      }
      const got: Received = { path: req.url ?? '/', headers: req.headers, body, event };
      const n = received.length;
      received.push(got);
      for (const w of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(received.slice());
      }
      responder(n, got, res);
    });
  });
  return {
    ...server,
    received,
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve(received.slice())
        : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** Answers with `status` and an optional text body. */
export const status =
  (code: number, body = ''): Responder =>
  (_n, _got, res) => {
    res.writeHead(code, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

/** POSTs raw bytes to a URL and returns status and body. */
export async function post(
  url: string,
  headers: Record<string, string>,
  body: string | Buffer,
  method = 'POST',
): Promise<{ status: number; body: string; headers: Headers }> {
  const r = await fetch(url, { method, headers, body: method === 'GET' || method === 'OPTIONS' ? undefined : body });
  return { status: r.status, body: await r.text(), headers: r.headers };
}

/** Binary-mode headers of a minimal valid event. */
export function binaryHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'ce-id': 'e1',
    'ce-source': '/test',
    'ce-type': 'dev.test.created',
    'ce-specversion': '1.0',
    'content-type': 'application/json',
    ...extra,
  };
}
