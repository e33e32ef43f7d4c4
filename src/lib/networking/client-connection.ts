// The gateway's per-connection HTTP/1.x engine. It parses request heads itself and relays bodies
// as raw bytes (chunked framing included) between the client and a pooled upstream socket, which
// costs a fraction of the CPU of Node's http server + ServerResponse on this hot path. Requests on
// one connection are served in order (pipelined bytes wait); upgrades become raw tunnels.
// Heads are read and written as latin1 so header bytes pass through unchanged.

import net from 'node:net';
import { ChunkedTracker, HOP_BY_HOP, parseRequestHead, serializeRequestHead } from './http1.js';
import type { RequestHead } from './http1.js';
import { ResponseReader } from './upstream.js';
import type { BodyFraming, UpstreamPool } from './upstream.js';

/** What to do with a request, decided by the gateway from its route table. */
export type Resolution =
  | { kind: 'local'; status: number; body: string }
  | { kind: 'forward'; endpoint: string; path: string; set: readonly (readonly [string, string])[]; host?: string; timeoutMs: number }
  | { kind: 'hold'; pending: Promise<Resolution> };

/** The gateway side a connection talks to. */
export interface ConnectionHost {
  resolve(head: RequestHead): Resolution;
  pool: UpstreamPool;
  maxHeaderSize: number;
  idleTimeoutMs: number;
  /** Texts of locally generated failures. */
  connectErrorBody: string;
  timeoutBody: string;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  431: 'Request Header Fields Too Large',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Serves one client connection. */
export class ClientConnection {
  private buf: Buffer | undefined;
  private exchange: Exchange | undefined;
  private closing = false;
  readonly remoteAddress: string;

  constructor(
    readonly socket: net.Socket,
    readonly host: ConnectionHost,
  ) {
    this.remoteAddress = socket.remoteAddress ?? '';
    socket.setNoDelay(true);
    socket.setTimeout(host.idleTimeoutMs);
    socket.on('timeout', () => {
      // Idle keep-alive or a head arriving too slowly; in-flight exchanges may legitimately stream slowly.
      if (this.exchange === undefined) socket.destroy();
    });
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closing = true;
      this.exchange?.abort();
    });
  }

  private onData(d: Buffer): void {
    if (this.exchange !== undefined) {
      this.exchange.clientData(d);
      return;
    }
    this.buf = this.buf === undefined ? d : Buffer.concat([this.buf, d]);
    this.next();
  }

  /** Bytes after the current request (pipelining): kept until the exchange finishes. */
  stash(rest: Buffer): void {
    if (rest.length === 0) return;
    this.buf = this.buf === undefined ? rest : Buffer.concat([this.buf, rest]);
    this.socket.pause();
  }

  /** Called by an exchange when it is over. */
  finished(close: boolean): void {
    this.exchange = undefined;
    if (close || this.closing) {
      this.closing = true;
      this.socket.end();
      return;
    }
    this.socket.resume();
    this.next();
  }

  /** Answers locally; `close` ends the connection afterwards. */
  respond(status: number, body: string, close: boolean, headOnly = false): void {
    if (this.socket.destroyed) return;
    const len = Buffer.byteLength(body);
    let head = `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? ''}\r\n`;
    if (len > 0) head += 'content-type: text/plain; charset=utf-8\r\n';
    head += `content-length: ${len}\r\n`;
    if (close) head += 'connection: close\r\n';
    if (headOnly || len === 0) {
      this.socket.write(`${head}\r\n`, 'latin1');
      return;
    }
    this.socket.cork();
    this.socket.write(`${head}\r\n`, 'latin1');
    this.socket.write(body, 'utf8');
    this.socket.uncork();
  }

  private next(): void {
    while (this.exchange === undefined && this.buf !== undefined && !this.closing) {
      const buf = this.buf;
      const end = buf.indexOf('\r\n\r\n');
      if (end === -1 || end > this.host.maxHeaderSize) {
        if (end > this.host.maxHeaderSize || buf.length > this.host.maxHeaderSize) this.fatal(431, 'Request Header Fields Too Large');
        return;
      }
      const head = parseRequestHead(buf.toString('latin1', 0, end));
      if (head === undefined) {
        this.fatal(400, 'Bad Request');
        return;
      }
      const rest = buf.subarray(end + 4);
      this.buf = undefined;
      this.exchange = new Exchange(this, head);
      this.exchange.start(rest);
    }
  }

  private fatal(status: number, body: string): void {
    this.closing = true;
    this.buf = undefined;
    this.respond(status, body, true);
    this.socket.end();
  }
}

/** One request/response on a client connection. */
class Exchange {
  private upstream: net.Socket | undefined;
  private reader: ResponseReader | undefined;
  /** Body bytes that arrived before the upstream was ready. */
  private pending: Buffer[] = [];
  private bodyDone: boolean;
  private remaining: number;
  private tracker: ChunkedTracker | undefined;
  private headWritten = false;
  private pendingHead: string | undefined;
  private closeAfter: boolean;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  private tunnel = false;

  constructor(
    private readonly conn: ClientConnection,
    private readonly head: RequestHead,
  ) {
    this.closeAfter = head.close;
    this.remaining = head.chunked ? 0 : head.contentLength;
    if (head.chunked) this.tracker = new ChunkedTracker();
    this.bodyDone = !head.upgrade && !head.chunked && head.contentLength === 0;
  }

  start(rest: Buffer): void {
    if (rest.length > 0) this.clientData(rest);
    let r: Resolution;
    try {
      r = this.conn.host.resolve(this.head);
    } catch {
      // A routing bug must cost one request, not the gateway process.
      r = { kind: 'local', status: 503, body: 'no healthy upstream' };
    }
    this.apply(r);
  }

  private apply(r: Resolution): void {
    if (this.done) return;
    if (r.kind === 'hold') {
      this.conn.socket.pause();
      r.pending.then(
        (next) => this.apply(next),
        () => this.apply({ kind: 'local', status: 503, body: 'no healthy upstream' }),
      );
      return;
    }
    if (r.kind === 'local') {
      // Unread request bytes would be mistaken for the next request: close instead of draining them.
      const close = this.closeAfter || !this.bodyDone || this.head.upgrade;
      this.conn.respond(r.status, r.body, close, this.head.method === 'HEAD');
      this.finish(close);
      return;
    }
    if (r.timeoutMs > 0) this.timer = setTimeout(() => this.onTimeout(), r.timeoutMs);
    if (this.head.upgrade) this.openTunnel(r);
    else this.send(r, true);
  }

  /** Request bytes from the client: body first, then whatever follows (pipelined requests). */
  clientData(d: Buffer): void {
    if (this.done) return;
    if (this.tunnel || this.head.upgrade) {
      this.toUpstream(d);
      return;
    }
    if (this.bodyDone) {
      this.conn.stash(d);
      return;
    }
    let part = d;
    let rest: Buffer | undefined;
    if (this.tracker !== undefined) {
      let end: number;
      try {
        end = this.tracker.push(d);
      } catch {
        this.failRequest();
        return;
      }
      if (end !== -1) {
        part = d.subarray(0, end);
        rest = d.subarray(end);
        this.bodyDone = true;
      }
    } else if (d.length >= this.remaining) {
      part = d.subarray(0, this.remaining);
      rest = d.subarray(this.remaining);
      this.remaining = 0;
      this.bodyDone = true;
    } else {
      this.remaining -= d.length;
    }
    if (part.length > 0) this.toUpstream(part);
    if (rest !== undefined) this.conn.stash(rest);
  }

  private toUpstream(part: Buffer): void {
    const up = this.upstream;
    if (up === undefined) {
      this.pending.push(part);
      this.conn.socket.pause();
      return;
    }
    if (!up.write(part)) {
      this.conn.socket.pause();
      up.once('drain', () => {
        if (!this.done) this.conn.socket.resume();
      });
    }
  }

  private send(r: Extract<Resolution, { kind: 'forward' }>, mayRetry: boolean): void {
    const h = this.head;
    const pool = this.conn.host.pool;
    const acquired = pool.acquire(r.endpoint);
    const up = acquired.socket;
    this.upstream = up;
    const rawMode = h.minor === 1;
    this.reader = new ResponseReader(
      up,
      {
        head: (status, message, raw, framing) => this.responseHead(status, message, raw, framing),
        data: (chunk) => this.responseData(chunk),
        end: (reusable) => {
          this.flushHead();
          this.clearTimer();
          if (reusable && this.bodyDone && this.pending.length === 0) pool.release(r.endpoint, up);
          else up.destroy();
          this.finish(this.closeAfter);
        },
        error: (_err, headReceived) => {
          if (this.done) return;
          if (mayRetry && acquired.reused && !headReceived && this.bodyDone && this.isBodyless()) {
            // The pooled connection was closed by the upstream while idle; nothing was processed.
            this.send(r, false);
            return;
          }
          this.upstreamFailed(headReceived);
        },
      },
      h.method === 'HEAD',
      rawMode,
    );
    if (h.expectContinue && !this.bodyDone) this.conn.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    up.cork();
    up.write(
      serializeRequestHead(
        { method: h.method, rawHeaders: h.raw, headers: h.headers, remoteAddress: this.conn.remoteAddress },
        {
          path: r.path,
          endpoint: r.endpoint,
          forwarded: true,
          set: r.set,
          host: r.host,
          chunked: h.chunked,
          contentLength: !h.chunked && h.contentLength > 0 ? h.contentLength : undefined,
        },
      ),
      'latin1',
    );
    const queued = this.pending;
    this.pending = [];
    for (const b of queued) up.write(b);
    up.uncork();
    this.conn.socket.resume();
  }

  private isBodyless(): boolean {
    return !this.head.chunked && this.head.contentLength === 0;
  }

  private openTunnel(r: Extract<Resolution, { kind: 'forward' }>): void {
    const h = this.head;
    const colon = r.endpoint.lastIndexOf(':');
    const up = net.connect({ host: r.endpoint.slice(0, colon), port: Number(r.endpoint.slice(colon + 1)) });
    up.setNoDelay(true);
    this.upstream = up;
    this.tunnel = true;
    this.clearTimer();
    const client = this.conn.socket;
    client.setTimeout(0);
    up.on('error', () => {
      if (!this.headWritten) {
        this.headWritten = true;
        this.conn.respond(503, this.conn.host.connectErrorBody, true);
        client.end();
      } else client.destroy();
    });
    up.on('data', (d: Buffer) => {
      this.headWritten = true;
      if (!client.write(d)) {
        up.pause();
        client.once('drain', () => up.resume());
      }
    });
    up.on('close', () => {
      this.done = true;
      client.end();
    });
    up.write(
      serializeRequestHead(
        { method: h.method, rawHeaders: h.raw, headers: h.headers, remoteAddress: this.conn.remoteAddress },
        { path: r.path, endpoint: r.endpoint, forwarded: true, set: r.set, host: r.host, upgrade: h.headers.upgrade },
      ),
      'latin1',
    );
    for (const b of this.pending) up.write(b);
    this.pending = [];
    client.resume();
  }

  private responseHead(status: number, message: string, raw: string[], framing: BodyFraming): void {
    const h = this.head;
    let out = `HTTP/1.1 ${status} ${message}\r\n`;
    for (let i = 0; i < raw.length; i += 2) {
      if (HOP_BY_HOP.has(raw[i].toLowerCase())) continue;
      out += `${raw[i]}: ${raw[i + 1]}\r\n`;
    }
    if (framing === 'chunked' && h.minor === 1) out += 'transfer-encoding: chunked\r\n';
    // Without a length the end of the body can only be signalled by closing (HTTP/1.0 clients get
    // decoded chunked bodies this way too).
    if (framing === 'close' || (framing === 'chunked' && h.minor === 0)) this.closeAfter = true;
    // The request body was not fully read (early answer): the connection cannot carry another request.
    if (!this.bodyDone) this.closeAfter = true;
    if (this.closeAfter) out += 'connection: close\r\n';
    else if (h.minor === 0) out += 'connection: keep-alive\r\n';
    this.pendingHead = `${out}\r\n`;
    this.headWritten = true;
  }

  private flushHead(): void {
    if (this.pendingHead !== undefined) {
      this.conn.socket.write(this.pendingHead, 'latin1');
      this.pendingHead = undefined;
    }
  }

  private responseData(chunk: Buffer): boolean {
    const s = this.conn.socket;
    let ok: boolean;
    if (this.pendingHead !== undefined) {
      s.cork();
      s.write(this.pendingHead, 'latin1');
      this.pendingHead = undefined;
      ok = s.write(chunk);
      s.uncork();
    } else {
      ok = s.write(chunk);
    }
    if (!ok) s.once('drain', () => this.reader?.resume());
    return ok;
  }

  private upstreamFailed(headReceived: boolean): void {
    this.clearTimer();
    if (headReceived || this.headWritten) {
      this.done = true;
      this.conn.socket.destroy();
      return;
    }
    this.conn.respond(503, this.conn.host.connectErrorBody, true, this.head.method === 'HEAD');
    this.finish(true);
  }

  private failRequest(): void {
    // Malformed request body: nothing sensible can follow on this connection.
    this.reader?.abort();
    this.upstream?.destroy();
    this.clearTimer();
    if (!this.headWritten) this.conn.respond(400, 'Bad Request', true);
    this.finish(true);
  }

  private onTimeout(): void {
    if (this.done) return;
    this.reader?.abort();
    this.upstream?.destroy();
    if (this.headWritten) {
      this.done = true;
      this.conn.socket.destroy();
      return;
    }
    this.conn.respond(504, this.conn.host.timeoutBody, true, this.head.method === 'HEAD');
    this.finish(true);
  }

  /** The client went away: stop the upstream side. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.reader?.abort();
    this.upstream?.destroy();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private finish(close: boolean): void {
    if (this.done) return;
    this.done = true;
    this.clearTimer();
    this.conn.finished(close);
  }
}
