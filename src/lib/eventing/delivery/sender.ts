// One HTTP POST of an encoded event (a single attempt; retries live in the dispatcher).
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { EncodedEvent } from '../http/codec.js';
import { collectBody } from '../http/body.js';

/** A received response, body fully read. */
export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Options of one attempt. */
export interface SendOptions {
  timeoutMs?: number;
  /** Extra request headers (e.g. Prefer: reply). */
  headers?: Record<string, string>;
}

/** Sends one request; rejects on network errors and timeouts (never on HTTP status). */
export type Sender = (url: string, message: EncodedEvent, options?: SendOptions) => Promise<HttpResponse>;

/** Options of the HTTP sender. */
export interface HttpSenderOptions {
  /** Connection pool; a keep-alive agent by default. */
  agent?: http.Agent;
  /** Largest response body read (a reply event); larger replies fail the attempt. */
  maxResponseBytes?: number;
  /**
   * Where to connect for a URL, when not to its own host: the local control plane sends
   * `*.svc.cluster.local` URLs to its gateway on 127.0.0.1, keeping the original Host header.
   * Undefined (or returning undefined) connects to the URL's host.
   */
  route?: (url: URL) => { hostname: string; port: number } | undefined;
}

/** Default cap on reply bodies. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

interface Target {
  hostname: string;
  port: string | number;
  path: string;
  /** Host header: the URL's host (also when connecting elsewhere). */
  host: string;
}

// Subscriber URLs repeat for every event; parsing them once keeps URL parsing off the hot path.
const MAX_CACHED_TARGETS = 1024;

function parseTarget(url: string, cache: Map<string, Target>, route: HttpSenderOptions['route']): Target {
  const hit = cache.get(url);
  if (hit) return hit;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`invalid URL: ${url}`);
  }
  if (u.protocol !== 'http:') throw new Error(`unsupported URL scheme: ${u.protocol}`);
  const path = `${u.pathname}${u.search}`;
  const via = route?.(u);
  const target: Target = via ? { hostname: via.hostname, port: via.port, path, host: u.host } : { hostname: u.hostname, port: u.port || 80, path, host: u.host };
  if (cache.size >= MAX_CACHED_TARGETS) cache.clear();
  cache.set(url, target);
  return target;
}

/** Builds a Sender over node:http with keep-alive connections (plain http only). */
export function createHttpSender(options: HttpSenderOptions = {}): Sender {
  // noDelay: events are small request/response exchanges; Nagle's algorithm only adds latency.
  const agent = options.agent ?? new http.Agent({ keepAlive: true, maxSockets: 256, noDelay: true });
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const targets = new Map<string, Target>();
  return (url, message, opts = {}) =>
    new Promise<HttpResponse>((resolve, reject) => {
      let target: Target;
      try {
        target = parseTarget(url, targets, options.route);
      } catch (e) {
        reject(e);
        return;
      }
      // A flat [name, value, ...] list is rendered straight into the request head; an object goes
      // through setHeader once per header first. With a list Node adds no Host header: we do.
      // Later sources win, as in an object spread: extra headers, then length and host.
      const headers: string[] = [];
      for (const name in message.headers) {
        if (name === 'content-length' || name === 'host' || (opts.headers && name in opts.headers)) continue;
        headers.push(name, message.headers[name]);
      }
      if (opts.headers) for (const name in opts.headers) headers.push(name, opts.headers[name]);
      headers.push('content-length', String(message.body.length), 'host', target.host);
      let settled = false;
      const settle = (error: Error | undefined, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const req = http.request(
        {
          agent,
          method: 'POST',
          hostname: target.hostname,
          port: target.port,
          path: target.path,
          headers,
        },
        (res) => {
          collectBody(res, maxBytes, (e, body) => {
            if (e) {
              res.destroy();
              settle(e);
            } else settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: body! });
          });
        },
      );
      // One timer per request is cheap: Node keeps timers of equal duration in one list (O(1) in and out).
      const timer =
        opts.timeoutMs !== undefined
          ? setTimeout(() => req.destroy(new Error(`request timed out after ${opts.timeoutMs}ms`)), opts.timeoutMs)
          : undefined;
      req.on('error', (e) => settle(e));
      req.end(message.body);
    });
}
