// Minimal HTTP/1.x message parsing for the gateway's connection engine: request heads and chunked
// body framing. Strict where laxness enables request smuggling (both Content-Length and
// Transfer-Encoding, bad lengths, obs-fold, bare CR/LF): such requests are refused with 400.

/** Hop-by-hop headers (RFC 9110 §7.6.1) that a proxy must not forward. */
export const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'http2-settings',
]);

/** A parsed request head. Header names keep their case in `raw`; `headers` is lowercased (first value wins, except joined x-forwarded-for). */
export interface RequestHead {
  method: string;
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: number;
  raw: string[];
  headers: Record<string, string>;
  contentLength: number;
  chunked: boolean;
  /** The client asked to close after this exchange (or HTTP/1.0 without keep-alive). */
  close: boolean;
  /** Connection: upgrade with an Upgrade header. */
  upgrade: boolean;
  expectContinue: boolean;
  /** Lowercased header names listed in Connection (hop-by-hop by declaration). */
  connectionTokens: string[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;

/** Parses the head text (without the final blank line); returns undefined when it is malformed. */
export function parseRequestHead(text: string): RequestHead | undefined {
  const lines = text.split('\r\n');
  const first = lines[0];
  const sp1 = first.indexOf(' ');
  const sp2 = first.lastIndexOf(' ');
  if (sp1 <= 0 || sp2 === sp1) return undefined;
  const method = first.slice(0, sp1);
  const target = first.slice(sp1 + 1, sp2);
  const version = first.slice(sp2 + 1);
  if (!TOKEN.test(method) || target === '' || target.includes(' ')) return undefined;
  let minor: number;
  if (version === 'HTTP/1.1') minor = 1;
  else if (version === 'HTTP/1.0') minor = 0;
  else return undefined;

  const raw: string[] = [];
  const headers: Record<string, string> = {};
  let contentLength = -1;
  let transferEncoding: string | undefined;
  let hosts = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined; // also rejects obs-fold continuation lines
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE.test(value)) return undefined;
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (contentLength !== -1 && contentLength !== Number(value))) return undefined;
      contentLength = Number(value);
    } else if (lower === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    } else if (lower === 'host') {
      hosts++;
    }
    raw.push(name, value);
    const prev = headers[lower];
    if (prev === undefined) headers[lower] = value;
    else if (lower === 'x-forwarded-for' || lower === 'connection' || lower === 'upgrade') headers[lower] = `${prev}, ${value}`;
  }
  if (hosts > 1 || (minor === 1 && hosts === 0 && !/^https?:\/\//i.test(target))) return undefined;
  let chunked = false;
  if (transferEncoding !== undefined) {
    // Only "chunked" (last) is acceptable, and never together with Content-Length.
    if (contentLength !== -1 || !/(^|,)\s*chunked\s*$/i.test(transferEncoding) || minor === 0) return undefined;
    chunked = true;
  }
  const connection = (headers.connection ?? '').toLowerCase();
  const connectionTokens = connection === '' ? [] : connection.split(',').map((t) => t.trim());
  const close = connectionTokens.includes('close') || (minor === 0 && !connectionTokens.includes('keep-alive'));
  return {
    method,
    target,
    minor,
    raw,
    headers,
    contentLength: contentLength === -1 ? 0 : contentLength,
    chunked,
    close,
    upgrade: headers.upgrade !== undefined && connectionTokens.includes('upgrade'),
    expectContinue: (headers.expect ?? '').toLowerCase() === '100-continue',
    connectionTokens,
  };
}

const enum ChunkState {
  Size,
  Data,
  DataCrlf,
  Trailers,
}

/** Largest chunk-size or trailer line accepted. */
const MAX_CHUNK_LINE = 4096;

/**
 * Tracks chunked framing across buffers. push() returns the offset in the given buffer just past
 * the end of the message, or -1 when the message continues; decoded payload goes to onData if set.
 * Throws on malformed framing.
 */
export class ChunkedTracker {
  private state = ChunkState.Size;
  private remaining = 0;
  private line = '';

  constructor(private readonly onData?: (chunk: Buffer) => void) {}

  /** Consumes bytes; see the class comment for the result. */
  push(input: Buffer): number {
    let i = 0;
    const len = input.length;
    while (i < len) {
      if (this.state === ChunkState.Data) {
        const n = Math.min(this.remaining, len - i);
        this.onData?.(input.subarray(i, i + n));
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = ChunkState.DataCrlf;
        continue;
      }
      const nl = input.indexOf(10, i);
      if (nl === -1) {
        this.line += input.toString('latin1', i);
        if (this.line.length > MAX_CHUNK_LINE) throw new Error('malformed chunked encoding');
        return -1;
      }
      let text = this.line + input.toString('latin1', i, nl);
      this.line = '';
      i = nl + 1;
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (this.state === ChunkState.DataCrlf) {
        if (text !== '') throw new Error('malformed chunked encoding');
        this.state = ChunkState.Size;
      } else if (this.state === ChunkState.Size) {
        const semi = text.indexOf(';');
        const hex = (semi === -1 ? text : text.slice(0, semi)).trim();
        if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new Error('malformed chunked encoding');
        const size = parseInt(hex, 16);
        if (size === 0) this.state = ChunkState.Trailers;
        else {
          this.remaining = size;
          this.state = ChunkState.Data;
        }
      } else if (text === '') {
        return i;
      }
    }
    return -1;
  }
}

/** The request a head is serialized from (a Node IncomingMessage or a parsed RequestHead). */
export interface HeadSource {
  method: string;
  rawHeaders: string[];
  /** Lowercased names; x-forwarded-for, x-forwarded-proto, x-forwarded-host and host are read. */
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string;
}

/** How to rewrite the head for the upstream. */
export interface HeadOptions {
  path: string;
  endpoint: string;
  /** Lowercased header names to drop. */
  remove?: ReadonlySet<string>;
  /** Append X-Forwarded-For, set X-Forwarded-Proto/-Host when absent. */
  forwarded?: boolean;
  /** Headers replacing any of the same name. */
  set?: readonly (readonly [string, string])[];
  /** Replaces Host. */
  host?: string;
  chunked?: boolean;
  contentLength?: string | number;
  /** Keep the protocol upgrade (value of the Upgrade header). */
  upgrade?: string;
}

/** Never forwarded besides hop-by-hop ones: Expect is answered here, framing is re-declared. */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'expect', 'content-length']);
const SAFE_HEADER_TEXT = /^[^\r\n\0]*$/;

/** The upstream request head: hop-by-hop and listed Connection headers dropped, the options applied. */
export function serializeRequestHead(src: HeadSource, o: HeadOptions): string {
  let head = `${src.method} ${o.path} HTTP/1.1\r\n`;
  const raw = src.rawHeaders;
  const conn = src.headers.connection;
  const tokens = typeof conn === 'string' && conn !== '' ? conn.toLowerCase().split(',').map((t) => t.trim()) : undefined;
  const set = o.set;
  const setNames = set !== undefined && set.length > 0 ? set.map((p) => p[0].toLowerCase()) : undefined;
  let sawHost = false;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    const lower = name.toLowerCase();
    if (NOT_FORWARDED.has(lower) || (tokens !== undefined && tokens.includes(lower))) continue;
    if (o.remove !== undefined && o.remove.has(lower)) continue;
    if (lower === 'host') {
      if (o.host !== undefined) continue;
      sawHost = true;
    }
    if (o.forwarded && (lower === 'x-forwarded-for' || lower === 'x-forwarded-proto' || lower === 'x-forwarded-host')) continue;
    if (setNames !== undefined && setNames.includes(lower)) continue;
    head += `${name}: ${raw[i + 1]}\r\n`;
  }
  if (o.host !== undefined) head += `host: ${o.host}\r\n`;
  else if (!sawHost) head += `host: ${o.endpoint}\r\n`;
  if (o.forwarded) {
    const h = src.headers;
    const prior = h['x-forwarded-for'];
    head += `x-forwarded-for: ${prior ? `${String(prior)}, ${src.remoteAddress}` : src.remoteAddress}\r\n`;
    head += `x-forwarded-proto: ${String(h['x-forwarded-proto'] ?? 'http')}\r\n`;
    const fwdHost = h['x-forwarded-host'] ?? h.host;
    if (fwdHost !== undefined) head += `x-forwarded-host: ${String(fwdHost)}\r\n`;
  }
  if (set !== undefined) {
    for (const [name, value] of set) {
      // Values come from cluster objects; never let one smuggle a header line.
      if (SAFE_HEADER_TEXT.test(name) && SAFE_HEADER_TEXT.test(value)) head += `${name}: ${value}\r\n`;
    }
  }
  if (o.upgrade !== undefined) head += `connection: Upgrade\r\nupgrade: ${o.upgrade}\r\n`;
  if (o.chunked) head += 'transfer-encoding: chunked\r\n';
  else if (o.contentLength !== undefined) head += `content-length: ${o.contentLength}\r\n`;
  return `${head}\r\n`;
}
