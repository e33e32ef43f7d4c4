// A lean HTTP/1.1 client for proxying: a keep-alive socket pool per endpoint and a response parser
// that hands the head and body chunks to callbacks. Node's http.request costs several times more
// CPU per request than the server side (Agent bookkeeping, ClientRequest/IncomingMessage streams),
// which made it the bottleneck of the gateway; this client writes one head string and parses the
// answer with plain Buffer scans.

import net from 'node:net';
import { ChunkedTracker } from './http1.js';

/** Largest response head accepted from an upstream. */
export const MAX_RESPONSE_HEAD = 64 * 1024;

/** Idle keep-alive sockets per "host:port". */
export class UpstreamPool {
  private readonly idle = new Map<string, net.Socket[]>();
  /** The close listener of each idle socket, removed again when the socket is taken. */
  private readonly onClose = new WeakMap<net.Socket, () => void>();
  private closed = false;

  constructor(
    private readonly maxIdlePerEndpoint = 256,
    private readonly idleTimeoutMs = 4000,
  ) {}

  /** An idle socket for the endpoint, or a new connection; `reused` tells which. */
  acquire(endpoint: string): { socket: net.Socket; reused: boolean } {
    const list = this.idle.get(endpoint);
    while (list !== undefined && list.length > 0) {
      const s = list.pop()!;
      this.detachIdle(s);
      if (!s.destroyed && s.readable && s.writable) return { socket: s, reused: true };
      s.destroy();
    }
    const colon = endpoint.lastIndexOf(':');
    const socket = net.connect({ host: endpoint.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(endpoint.slice(colon + 1)) });
    socket.setNoDelay(true);
    return { socket, reused: false };
  }

  /** Returns a socket whose last exchange ended cleanly; closes it when the pool is full or closed. */
  release(endpoint: string, socket: net.Socket): void {
    if (this.closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    let list = this.idle.get(endpoint);
    if (list === undefined) {
      list = [];
      this.idle.set(endpoint, list);
    }
    if (list.length >= this.maxIdlePerEndpoint) {
      socket.destroy();
      return;
    }
    const idleList = list;
    const onClose = (): void => {
      const i = idleList.indexOf(socket);
      if (i !== -1) idleList.splice(i, 1);
    };
    this.onClose.set(socket, onClose);
    socket.on('close', onClose);
    socket.on('error', onIdleError);
    socket.on('timeout', onIdleTimeout);
    socket.setTimeout(this.idleTimeoutMs);
    list.push(socket);
  }

  /** Closes every idle socket; later releases close their socket. */
  destroy(): void {
    this.closed = true;
    for (const list of this.idle.values()) for (const s of list.splice(0)) s.destroy();
    this.idle.clear();
  }

  private detachIdle(s: net.Socket): void {
    const onClose = this.onClose.get(s);
    if (onClose !== undefined) s.removeListener('close', onClose);
    s.removeListener('error', onIdleError);
    s.removeListener('timeout', onIdleTimeout);
    s.setTimeout(0);
  }
}

function onIdleTimeout(this: net.Socket): void {
  this.destroy();
}

function onIdleError(this: net.Socket): void {
  this.destroy();
}

/** How an upstream response body is delimited. */
export type BodyFraming = 'none' | 'length' | 'chunked' | 'close';

/** Callbacks of one upstream exchange. */
export interface ResponseSink {
  /** The final (non-1xx) response head; rawHeaders are [name, value, ...]. */
  head(status: number, statusMessage: string, rawHeaders: string[], framing: BodyFraming): void;
  /** A body chunk (decoded, or the raw bytes in raw mode); return false to pause until resume(). */
  data(chunk: Buffer): boolean;
  /** The response ended; `reusable` tells whether the connection may serve another request. */
  end(reusable: boolean): void;
  /** The exchange failed; `headReceived` tells whether head() was already called. */
  error(err: Error, headReceived: boolean): void;
}

/**
 * Parses one HTTP/1.1 response from a socket and feeds a sink; detaches itself when done.
 * In raw mode a chunked body is passed on with its framing (for a proxy relaying it as is);
 * otherwise it is decoded.
 */
export class ResponseReader {
  private buf: Buffer | undefined;
  private headDone = false;
  private framing: BodyFraming = 'none';
  private remaining = 0;
  private tracker: ChunkedTracker | undefined;
  private keepAlive = true;
  private done = false;
  private readonly onData = (d: Buffer): void => this.feed(d);
  private readonly onEnd = (): void => this.finishAtClose();
  private readonly onError = (e: Error): void => this.fail(e);
  private readonly onClose = (): void => this.finishAtClose();

  constructor(
    private readonly socket: net.Socket,
    private readonly sink: ResponseSink,
    private readonly headRequest: boolean,
    private readonly raw = false,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Pauses reading (backpressure from the client side). */
  pause(): void {
    this.socket.pause();
  }

  /** Resumes reading. */
  resume(): void {
    this.socket.resume();
  }

  /** Stops the exchange without notifying the sink (the client went away). */
  abort(): void {
    this.done = true;
    this.detach();
    this.socket.destroy();
  }

  private detach(): void {
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    this.socket.removeListener('error', this.onError);
    this.socket.removeListener('close', this.onClose);
  }

  private fail(e: Error): void {
    if (this.done) return;
    this.done = true;
    this.detach();
    this.socket.destroy();
    this.sink.error(e, this.headDone);
  }

  private finishAtClose(): void {
    if (this.done) return;
    if (this.headDone && this.framing === 'close') {
      this.done = true;
      this.detach();
      this.sink.end(false);
      return;
    }
    this.fail(new Error(this.headDone ? 'upstream closed mid-body' : 'upstream closed before the response head'));
  }

  private complete(): void {
    this.done = true;
    this.detach();
    this.sink.end(this.keepAlive);
  }

  private feed(d: Buffer): void {
    if (this.done) return;
    let data = d;
    if (!this.headDone) {
      data = this.buf === undefined ? d : Buffer.concat([this.buf, d]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end === -1) {
          if (data.length > MAX_RESPONSE_HEAD) {
            this.fail(new Error('upstream response head too large'));
            return;
          }
          this.buf = data;
          return;
        }
        const status = this.parseHead(data.toString('latin1', 0, end));
        if (status === undefined) return;
        data = data.subarray(end + 4);
        // Interim 1xx answers (100 Continue, 103 Early Hints) are dropped; the final head follows.
        if (status >= 100 && status < 200) continue;
        this.buf = undefined;
        break;
      }
      if (this.done) return;
      if (this.framing === 'none' || (this.framing === 'length' && this.remaining === 0)) {
        this.complete();
        return;
      }
    }
    if (data.length > 0) this.body(data);
  }

  /** Parses a head; returns its status, or undefined after failing the exchange. */
  private parseHead(text: string): number | undefined {
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]);
    if (m === null) {
      this.fail(new Error('malformed upstream status line'));
      return undefined;
    }
    const status = Number(m[2]);
    const raw: string[] = [];
    let length = -1;
    let chunked = false;
    let connection = m[1] === '0' ? 'close' : '';
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      const lower = name.toLowerCase();
      if (lower === 'content-length') length = Number(value);
      else if (lower === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
      else if (lower === 'connection') connection = value.toLowerCase();
      raw.push(name, value);
    }
    if (status < 200) return status;
    if (connection.includes('close')) this.keepAlive = false;
    if (this.headRequest || status === 204 || status === 304) this.framing = 'none';
    else if (chunked) {
      this.framing = 'chunked';
      this.tracker = new ChunkedTracker(this.raw ? undefined : (c) => this.emit(c));
    } else if (length >= 0 && Number.isSafeInteger(length)) {
      this.framing = 'length';
      this.remaining = length;
    } else {
      this.framing = 'close';
      this.keepAlive = false;
    }
    this.headDone = true;
    this.sink.head(status, m[3] ?? '', raw, this.framing);
    return status;
  }

  private body(data: Buffer): void {
    if (this.framing === 'close') {
      this.emit(data);
    } else if (this.framing === 'length') {
      if (data.length >= this.remaining) {
        // Anything past the declared length is a protocol error; the connection is not reused then.
        if (data.length > this.remaining) this.keepAlive = false;
        const last = data.subarray(0, this.remaining);
        this.remaining = 0;
        if (last.length > 0) this.emit(last);
        this.complete();
      } else {
        this.remaining -= data.length;
        this.emit(data);
      }
    } else {
      let end: number;
      try {
        end = this.tracker!.push(data);
      } catch (e) {
        this.fail(e as Error);
        return;
      }
      if (this.done) return;
      if (this.raw) this.emit(end === -1 ? data : data.subarray(0, end));
      if (end !== -1) {
        if (end < data.length) this.keepAlive = false;
        this.complete();
      }
    }
  }

  private emit(chunk: Buffer): void {
    if (!this.sink.data(chunk)) this.socket.pause();
  }
}
