// The Kourier-equivalent gateway: an HTTP/1.1 server routing by Host header over a hot-swappable
// route table. Per request: virtual host (Host without port, lowercased; absolute-form targets are
// honoured so the gateway also works as an HTTP proxy for in-cluster URLs), route (longest prefix,
// exact headers), weighted-random split, then round-robin over the split's ready endpoints.
//
// Answers like Envoy behind Kourier: 404 with an empty body for an unknown host or path, 503
// "no healthy upstream" when a target has no endpoints (unless the onNoEndpoints hook, meant for
// the activator, supplies one), 503 on upstream connect failure, 504 "upstream request timeout" when
// a route timeout (0 = none, the Kourier default) expires, 431 for oversized headers. No retries.
// Upstreams are HTTP/1.1 over a keep-alive pool (our lean client in upstream.ts); h2c upstreams are also spoken as HTTP/1.1 (our
// queue-proxy serves HTTP/1.1 on its h2c port too), so true end-to-end HTTP/2 is not offered.

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { hostPort, normalizeHost } from './hosts.js';
import { forwardRequest, forwardUpgrade, sendText, upstreamHeaders, writeRawResponse } from './proxy.js';
import { UpstreamPool } from './upstream.js';
import { absoluteAuthority, findVirtualHost, originForm, pickSplit, requestPath, selectRoute } from './route-match.js';
import type { ListenerScope } from './route-match.js';
import type { Route, RouteTable, Split, Target } from './types.js';

/** Envoy's body when a cluster has no healthy endpoint. */
export const NO_HEALTHY_UPSTREAM = 'no healthy upstream';
/** Envoy's body when a route timeout fires. */
export const UPSTREAM_TIMEOUT = 'upstream request timeout';
/** Path answered 200 on any host the table does not route. */
export const HEALTHZ_PATH = '/healthz';

/** Hook the activator plugs in: hold a request for a target without endpoints; resolve "ip:port" or null (503). */
export type NoEndpointsHook = (target: Target, req: IncomingMessage) => Promise<string | null>;

/** Gateway settings; everything has a default. */
export interface GatewayOptions {
  /** Listen address; must be loopback (default 127.0.0.1). */
  host?: string;
  /** Listen port; 0 picks a free one (default 0). */
  port?: number;
  /** Host maps served: Kourier's external or internal listener, or both on one port (local mode, default). */
  scope?: ListenerScope;
  /** Random source in [0,1) for weighted splits (inject a seeded one in tests). */
  random?: () => number;
  onNoEndpoints?: NoEndpointsHook;
  /** Largest accepted request header block in bytes; beyond it the answer is 431 (default 64 KiB). */
  maxHeaderSize?: number;
  /** Idle keep-alive time of client connections (default 60 s). */
  keepAliveTimeoutMs?: number;
  /** Upstream pool: idle sockets kept per endpoint (default 256). */
  maxFreeSockets?: number;
  /** Upstream pool: idle sockets are closed after this (default 4 s, under Node's 5 s server keep-alive). */
  upstreamIdleTimeoutMs?: number;
}

const EMPTY_TABLE: RouteTable = { external: new Map(), internal: new Map(), ingresses: [] };

/** A running (or not yet started) gateway. */
export class Gateway {
  private table: RouteTable = EMPTY_TABLE;
  private readonly rr = new Map<string, number>();
  private readonly server: http.Server;
  private readonly pool: UpstreamPool;
  private readonly scope: ListenerScope;
  private readonly random: () => number;
  private readonly onNoEndpoints?: NoEndpointsHook;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly opts: GatewayOptions = {}) {
    this.scope = opts.scope ?? 'all';
    this.random = opts.random ?? Math.random;
    this.onNoEndpoints = opts.onNoEndpoints;
    this.pool = new UpstreamPool(opts.maxFreeSockets ?? 256, opts.upstreamIdleTimeoutMs ?? 4000);
    this.server = http.createServer({
      maxHeaderSize: opts.maxHeaderSize ?? 64 * 1024,
      // Proxied bodies may stream for as long as the upstream allows; Node's 300 s default would cut them.
      requestTimeout: 0,
      keepAliveTimeout: opts.keepAliveTimeoutMs ?? 60_000,
    });
    this.server.on('request', (req, res) => this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket, head));
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => onClientError(err, socket));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Atomically replaces the route table; requests already routed keep their old choice. */
  setRoutes(table: RouteTable): void {
    this.table = table;
  }

  /** The table currently served. */
  routes(): RouteTable {
    return this.table;
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    const host = this.opts.host ?? '127.0.0.1';
    if (!isLoopback(host)) return Promise.reject(new Error(`gateway must listen on a loopback address, not ${host}`));
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** The bound address, once listening. */
  address(): AddressInfo | undefined {
    const a = this.server.address();
    return a !== null && typeof a === 'object' ? a : undefined;
  }

  /** Stops accepting, closes every client connection and the upstream pool. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      this.pool.destroy();
    });
  }

  private route(req: IncomingMessage): { route: Route; path: string } | undefined {
    const url = req.url ?? '/';
    const rawHost = absoluteAuthority(url) ?? req.headers.host;
    const vh = findVirtualHost(this.table, this.scope, normalizeHost(rawHost));
    if (vh === undefined) return undefined;
    const route = selectRoute(vh, requestPath(url), req.headers, hostPort(rawHost));
    return route === undefined ? undefined : { route, path: originForm(url) };
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const found = this.route(req);
    if (found === undefined) {
      if (requestPath(req.url ?? '/') === HEALTHZ_PATH) sendText(res, 200, 'OK');
      else notFound(res);
      return;
    }
    const { route, path } = found;
    const split = pickSplit(route, this.random);
    if (split === undefined) {
      sendText(res, 503, NO_HEALTHY_UPSTREAM);
      return;
    }
    const endpoint = this.nextEndpoint(split.target);
    if (endpoint !== undefined) {
      this.forward(req, res, route, split, endpoint, path);
      return;
    }
    if (this.onNoEndpoints === undefined) {
      sendText(res, 503, NO_HEALTHY_UPSTREAM);
      return;
    }
    this.onNoEndpoints(split.target, req).then(
      (ep) => {
        if (res.destroyed) return;
        if (ep) this.forward(req, res, route, split, ep, path);
        else sendText(res, 503, NO_HEALTHY_UPSTREAM);
      },
      () => sendText(res, 503, NO_HEALTHY_UPSTREAM),
    );
  }

  private forward(req: IncomingMessage, res: ServerResponse, route: Route, split: Split, endpoint: string, path: string): void {
    forwardRequest(req, res, {
      endpoint,
      path,
      pool: this.pool,
      forwarded: true,
      set: appendedHeaders(route, split),
      ...(route.rewriteHost ? { host: route.rewriteHost } : {}),
      totalTimeoutMs: route.timeoutMs,
      timeoutBody: UPSTREAM_TIMEOUT,
    });
  }

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const found = this.route(req);
    if (found === undefined) {
      writeRawResponse(socket, 404, '');
      return;
    }
    const split = pickSplit(found.route, this.random);
    const go = (endpoint: string | null | undefined): void => {
      if (!endpoint || split === undefined) {
        writeRawResponse(socket, 503, NO_HEALTHY_UPSTREAM);
        return;
      }
      const headers = upstreamHeaders(req, { upgrade: true, forwarded: true });
      for (const [k, v] of found.route.appendHeaders) headers[k] = v;
      for (const [k, v] of split.appendHeaders) headers[k] = v;
      if (found.route.rewriteHost) headers.host = found.route.rewriteHost;
      forwardUpgrade(req, socket, head, endpoint, found.path, headers);
    };
    const ep = split === undefined ? undefined : this.nextEndpoint(split.target);
    if (ep !== undefined || split === undefined || this.onNoEndpoints === undefined) go(ep);
    else this.onNoEndpoints(split.target, req).then(go, () => go(null));
  }

  /** Round-robin over the target's endpoints; the counter survives table swaps (keyed by target). */
  private nextEndpoint(target: Target): string | undefined {
    const eps = target.endpoints;
    if (eps.length === 0) return undefined;
    if (eps.length === 1) return eps[0];
    const n = this.rr.get(target.key) ?? 0;
    this.rr.set(target.key, (n + 1) % 1_000_000_007);
    return eps[n % eps.length];
  }
}

/** Route then split appendHeaders (the split's win on a clash, as Envoy applies the cluster's last). */
function appendedHeaders(route: Route, split: Split): [string, string][] {
  if (route.appendHeaders.length === 0) return split.appendHeaders;
  if (split.appendHeaders.length === 0) return route.appendHeaders;
  const names = new Set(split.appendHeaders.map(([k]) => k.toLowerCase()));
  return [...route.appendHeaders.filter(([k]) => !names.has(k.toLowerCase())), ...split.appendHeaders];
}

/** Creates a gateway (call listen() to start it). */
export function createGateway(opts: GatewayOptions = {}): Gateway {
  return new Gateway(opts);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-length': 0 });
  res.end();
}

function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') writeRawResponse(socket, 431, 'Request Header Fields Too Large');
  else writeRawResponse(socket, 400, 'Bad Request');
}

/** True for 127.0.0.0/8 and ::1, the only addresses our servers may bind. */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}
