// HTTP/1.1 reverse-proxy primitives shared by the gateway and the queue-proxy: header preparation,
// streaming request/response forwarding with optional timeouts, and WebSocket/upgrade tunnelling.
// Bodies are piped both ways and never buffered, so no body cap applies here.

import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { HOP_BY_HOP, serializeRequestHead } from './http1.js';
import { ResponseReader } from './upstream.js';
import type { UpstreamPool } from './upstream.js';


/** Envoy's texts, so clients see what they would see behind Kourier. */
export const UPSTREAM_CONNECT_ERROR =
  'upstream connect error or disconnect/reset before headers. reset reason: connection failure';

/** Options of {@link upstreamHeaders}. */
export interface UpstreamHeaderOptions {
  /** Keep Connection/Upgrade for a protocol upgrade. */
  upgrade?: boolean;
  /** Add X-Forwarded-For/-Proto/-Host as an edge proxy does. */
  forwarded?: boolean;
  /** Lowercased header names to drop (e.g. internal routing headers). */
  remove?: readonly string[];
}

/** Request headers for the upstream: hop-by-hop headers removed (keeping framing), forwarded headers added. */
export function upstreamHeaders(req: IncomingMessage, opts: UpstreamHeaderOptions = {}): OutgoingHttpHeaders {
  const src = req.headers;
  const out: OutgoingHttpHeaders = {};
  const connectionTokens = listedConnectionHeaders(src);
  for (const name in src) {
    if (HOP_BY_HOP.has(name) || (connectionTokens !== undefined && connectionTokens.has(name))) continue;
    out[name] = src[name];
  }
  if (src['transfer-encoding'] !== undefined) {
    // Re-frame a chunked body ourselves; Node chunk-encodes when it sees this header.
    out['transfer-encoding'] = 'chunked';
  }
  if (opts.upgrade && src.upgrade !== undefined) {
    out.connection = 'Upgrade';
    out.upgrade = src.upgrade;
  }
  if (opts.remove) for (const name of opts.remove) delete out[name];
  if (opts.forwarded) {
    const client = req.socket.remoteAddress ?? '';
    const prior = src['x-forwarded-for'];
    out['x-forwarded-for'] = prior ? `${Array.isArray(prior) ? prior.join(', ') : prior}, ${client}` : client;
    if (src['x-forwarded-proto'] === undefined) out['x-forwarded-proto'] = 'http';
    if (src['x-forwarded-host'] === undefined && src.host !== undefined) out['x-forwarded-host'] = src.host;
  }
  return out;
}

function listedConnectionHeaders(h: IncomingHttpHeaders): Set<string> | undefined {
  const c = h.connection;
  if (c === undefined) return undefined;
  const lower = c.toLowerCase();
  if (lower === 'keep-alive' || lower === 'close' || lower === 'upgrade') return undefined;
  return new Set(lower.split(',').map((t) => t.trim()));
}

/** Response raw headers without hop-by-hop ones, in the flat [name, value, ...] form writeHead accepts. */
export function downstreamRawHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (HOP_BY_HOP.has(raw[i].toLowerCase())) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** Where and how to forward one request. */
export interface ForwardTarget {
  /** "ip:port" of the upstream. */
  endpoint: string;
  /** Origin-form request target ("/path?query"). */
  path: string;
  pool: UpstreamPool;
  /** Lowercased request headers to drop (e.g. internal routing headers). */
  remove?: ReadonlySet<string>;
  /** Add X-Forwarded-For/-Proto/-Host as an edge proxy does. */
  forwarded?: boolean;
  /** Headers set on the upstream request, replacing any of the same name. */
  set?: readonly (readonly [string, string])[];
  /** Replaces the Host header. */
  host?: string;
  /** Whole exchange limit; 0 = none. Before the response starts → 504, after → connection reset. */
  totalTimeoutMs?: number;
  /** Limit on time to the response headers; 0 = none. */
  firstByteTimeoutMs?: number;
  /** Limit on time without body bytes in either direction; 0 = none. */
  idleTimeoutMs?: number;
  /** Body of the 504 answer. */
  timeoutBody?: string;
  /** Status and body answered when the upstream fails before its response starts. */
  errorStatus?: number;
  errorBody?: string;
}

/** Serializes the upstream request head for a Node request; the body framing is decided by the caller. */
export function requestHead(req: IncomingMessage, t: ForwardTarget, chunked: boolean): string {
  const cl = req.headers['content-length'];
  return serializeRequestHead(
    { method: req.method ?? 'GET', rawHeaders: req.rawHeaders, headers: req.headers, remoteAddress: req.socket.remoteAddress ?? '' },
    {
      path: t.path,
      endpoint: t.endpoint,
      remove: t.remove,
      forwarded: t.forwarded,
      set: t.set,
      host: t.host,
      chunked,
      contentLength: cl !== undefined && cl !== '0' ? cl : undefined,
    },
  );
}

/** Streams req to the upstream and its response back; answers 504/503 itself when it must. */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, t: ForwardTarget): void {
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const cl = req.headers['content-length'];
  const hasBody = chunked || (cl !== undefined && cl !== '0');
  const head = requestHead(req, t, chunked);
  const isHead = req.method === 'HEAD';
  let totalTimer: NodeJS.Timeout | undefined;
  let firstByteTimer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let socket: Socket | undefined;
  let reader: ResponseReader | undefined;
  let finished = false;
  let requestSent = !hasBody;

  const finish = (): void => {
    finished = true;
    if (totalTimer) clearTimeout(totalTimer);
    if (firstByteTimer) clearTimeout(firstByteTimer);
    if (idleTimer) clearTimeout(idleTimer);
  };
  const onTimeout = (): void => {
    if (finished) return;
    finish();
    socket?.destroy();
    if (!res.headersSent) sendText(res, 504, t.timeoutBody ?? 'upstream request timeout');
    else res.destroy();
  };
  const touch =
    t.idleTimeoutMs && t.idleTimeoutMs > 0
      ? (): void => {
          if (idleTimer) idleTimer.refresh();
          else idleTimer = setTimeout(onTimeout, t.idleTimeoutMs);
        }
      : undefined;
  const onDrain = (): void => reader?.resume();

  const attempt = (mayRetry: boolean): void => {
    const conn = t.pool.acquire(t.endpoint);
    const sock = conn.socket;
    socket = sock;
    reader = new ResponseReader(
      sock,
      {
        head: (status, message, raw) => {
          if (firstByteTimer) clearTimeout(firstByteTimer);
          res.writeHead(status, message || undefined, downstreamRawHeaders(raw));
        },
        data: (chunk) => {
          touch?.();
          if (res.write(chunk)) return true;
          res.once('drain', onDrain);
          return false;
        },
        end: (reusable) => {
          finish();
          res.end();
          if (reusable && requestSent) t.pool.release(t.endpoint, sock);
          else sock.destroy();
        },
        error: (err: NodeJS.ErrnoException, headReceived) => {
          if (finished) return;
          if (mayRetry && conn.reused && !headReceived && !hasBody) {
            // The pooled connection was closed by the upstream while idle; nothing was processed.
            attempt(false);
            return;
          }
          finish();
          if (headReceived || res.headersSent) res.destroy();
          else sendText(res, t.errorStatus ?? 503, t.errorBody ?? UPSTREAM_CONNECT_ERROR);
        },
      },
      isHead,
    );
    // Node decodes header bytes as latin1; writing latin1 gives the upstream the same bytes.
    sock.write(head, 'latin1');
    if (hasBody) pipeBody(req, sock, chunked, touch, () => (requestSent = true));
  };

  res.on('close', () => {
    if (!finished) {
      // The client went away mid-exchange: stop the upstream work too.
      finish();
      socket?.destroy();
    }
  });
  if (t.totalTimeoutMs && t.totalTimeoutMs > 0) totalTimer = setTimeout(onTimeout, t.totalTimeoutMs);
  if (t.firstByteTimeoutMs && t.firstByteTimeoutMs > 0) firstByteTimer = setTimeout(onTimeout, t.firstByteTimeoutMs);
  touch?.();
  attempt(true);
}

/** Copies the request body to the upstream socket with backpressure, re-framing chunked bodies. */
function pipeBody(req: IncomingMessage, sock: Socket, chunked: boolean, touch: (() => void) | undefined, done: () => void): void {
  const onData = (c: Buffer): void => {
    touch?.();
    let ok: boolean;
    if (chunked) {
      sock.cork();
      sock.write(`${c.length.toString(16)}\r\n`);
      sock.write(c);
      ok = sock.write('\r\n');
      sock.uncork();
    } else {
      ok = sock.write(c);
    }
    if (!ok) {
      req.pause();
      sock.once('drain', () => req.resume());
    }
    // (A 'drain' listener left on a pooled socket only resumes an already finished request: harmless.)
  };
  const onClose = (): void => {
    req.removeListener('data', onData);
  };
  req.on('data', onData);
  req.once('end', () => {
    req.removeListener('data', onData);
    sock.removeListener('close', onClose);
    if (chunked && !sock.destroyed) sock.write('0\r\n\r\n');
    done();
  });
  sock.once('close', onClose);
}

/** Writes a small text/plain answer and ends the response. */
export function sendText(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Tunnels an HTTP upgrade (WebSocket) to the upstream and pipes both sockets once it answers 101. */
export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  endpoint: string,
  path: string,
  headers: OutgoingHttpHeaders,
): void {
  const colon = endpoint.lastIndexOf(':');
  const up = http.request({
    host: endpoint.slice(0, colon).replace(/^\[|\]$/g, ''),
    port: Number(endpoint.slice(colon + 1)),
    method: req.method,
    path,
    headers,
    agent: false,
    setHost: false,
  });
  socket.on('error', () => up.destroy());
  socket.on('close', () => up.destroy());
  up.on('upgrade', (ures: IncomingMessage, usock: Duplex, uhead: Buffer) => {
    usock.on('error', () => socket.destroy());
    socket.write(statusLine(ures) + rawHeaderBlock(ures.rawHeaders));
    if (uhead.length > 0) socket.write(uhead);
    if (head.length > 0) usock.write(head);
    usock.pipe(socket);
    socket.pipe(usock);
  });
  up.on('response', (ures: IncomingMessage) => {
    // The upstream declined the upgrade: relay its plain answer and close.
    socket.write(statusLine(ures) + rawHeaderBlock(downstreamRawHeaders(ures.rawHeaders).concat('connection', 'close')));
    ures.pipe(socket);
  });
  up.on('error', () => writeRawResponse(socket, 503, UPSTREAM_CONNECT_ERROR));
  up.end();
}

function statusLine(res: IncomingMessage): string {
  return `HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\n`;
}

function rawHeaderBlock(raw: string[]): string {
  let s = '';
  for (let i = 0; i < raw.length; i += 2) s += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${s}\r\n`;
}

/** Answers on a raw socket (upgrade or parse-error paths, where no ServerResponse exists) and closes it. */
export function writeRawResponse(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const reason = http.STATUS_CODES[status] ?? '';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
