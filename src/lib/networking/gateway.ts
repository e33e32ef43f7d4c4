// The Kourier-equivalent gateway: an HTTP/1.x server routing by Host header over a hot-swappable
// route table. Per request: virtual host (Host without port, lowercased; absolute-form targets are
// honoured so the gateway also works as an HTTP proxy for in-cluster URLs), route (longest prefix,
// exact headers), weighted-random split, then round-robin over the split's ready endpoints.
//
// Answers like Envoy behind Kourier: 404 with an empty body for an unknown host or path, 503
// "no healthy upstream" when a target has no endpoints (unless the onNoEndpoints hook, meant for
// the activator, supplies one), 503 on upstream connect failure, 504 "upstream request timeout" when
// a route timeout (0 = none, the Kourier default) expires, 431 for oversized heads. No retries.
//
// Connections are served by our own engine (client-connection.ts) rather than node:http: the data
// path is the hottest code we have, and relaying raw bytes costs far less CPU than Node's
// request/response objects. Upstreams are HTTP/1.1 over a keep-alive pool (upstream.ts); h2c
// upstreams are also spoken as HTTP/1.1 (our queue-proxy serves HTTP/1.1 on its h2c port), so
// end-to-end HTTP/2 is not offered.

import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { ClientConnection } from './client-connection.js';
import type { ConnectionHost, Resolution } from './client-connection.js';
import { hostPort, normalizeHost } from './hosts.js';
import type { RequestHead } from './http1.js';
import { UPSTREAM_CONNECT_ERROR } from './proxy.js';
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

/** The request a held target is asked for (headers lowercased). */
export interface RequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Hook the activator plugs in: hold a request for a target without endpoints; resolve "ip:port" or null (503). */
export type NoEndpointsHook = (target: Target, request: RequestInfo) => Promise<string | null>;

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
  /** Largest accepted request head in bytes; beyond it the answer is 431 (default 64 KiB). */
  maxHeaderSize?: number;
  /** Idle keep-alive time of client connections, also the limit for receiving a head (default 60 s). */
  keepAliveTimeoutMs?: number;
  /** Upstream pool: idle sockets kept per endpoint (default 256). */
  maxFreeSockets?: number;
  /** Upstream pool: idle sockets are closed after this (default 4 s, under Node's 5 s server keep-alive). */
  upstreamIdleTimeoutMs?: number;
}

const EMPTY_TABLE: RouteTable = { external: new Map(), internal: new Map(), ingresses: [] };

/** A running (or not yet started) gateway. */
export class Gateway implements ConnectionHost {
  private table: RouteTable = EMPTY_TABLE;
  private readonly rr = new Map<string, number>();
  private readonly server: net.Server;
  private readonly scope: ListenerScope;
  private readonly random: () => number;
  private readonly onNoEndpoints?: NoEndpointsHook;
  private readonly sockets = new Set<Socket>();
  /** Upstream keep-alive pool (ConnectionHost). */
  readonly pool: UpstreamPool;
  readonly maxHeaderSize: number;
  readonly idleTimeoutMs: number;
  readonly connectErrorBody = UPSTREAM_CONNECT_ERROR;
  readonly timeoutBody = UPSTREAM_TIMEOUT;

  constructor(private readonly opts: GatewayOptions = {}) {
    this.scope = opts.scope ?? 'all';
    this.random = opts.random ?? Math.random;
    this.onNoEndpoints = opts.onNoEndpoints;
    this.maxHeaderSize = opts.maxHeaderSize ?? 64 * 1024;
    this.idleTimeoutMs = opts.keepAliveTimeoutMs ?? 60_000;
    this.pool = new UpstreamPool(opts.maxFreeSockets ?? 256, opts.upstreamIdleTimeoutMs ?? 4000);
    this.server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      new ClientConnection(socket, this);
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

  /** Routes one request head (ConnectionHost): answer locally, forward, or hold for the hook. */
  resolve(head: RequestHead): Resolution {
    const url = head.target;
    // Absolute-form (HTTP proxy use: HTTP_PROXY in local-mode pods, curl -x): the target's host
    // wins over the Host header, and is what the upstream sees (RFC 9112 §3.2.2).
    const authority = absoluteAuthority(url);
    const rawHost = authority ?? head.headers.host;
    const path = requestPath(url);
    const vh = findVirtualHost(this.table, this.scope, normalizeHost(rawHost));
    if (vh === undefined) return path === HEALTHZ_PATH ? local(200, 'OK') : local(404, '');
    const route = selectRoute(vh, path, head.headers, hostPort(rawHost));
    if (route === undefined) return local(404, '');
    const split = pickSplit(route, this.random);
    if (split === undefined) return local(503, NO_HEALTHY_UPSTREAM);
    const forward = (endpoint: string): Resolution => ({
      kind: 'forward',
      endpoint,
      path: originForm(url),
      set: appendedHeaders(route, split),
      ...(route.rewriteHost ? { host: route.rewriteHost } : authority !== undefined ? { host: authority } : {}),
      timeoutMs: route.timeoutMs,
    });
    const endpoint = this.nextEndpoint(split.target);
    if (endpoint !== undefined) return forward(endpoint);
    if (this.onNoEndpoints === undefined) return local(503, NO_HEALTHY_UPSTREAM);
    const info: RequestInfo = { method: head.method, url, headers: head.headers };
    return { kind: 'hold', pending: this.onNoEndpoints(split.target, info).then((ep) => (ep ? forward(ep) : local(503, NO_HEALTHY_UPSTREAM))) };
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

function local(status: number, body: string): Resolution {
  return { kind: 'local', status, body };
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

/** True for 127.0.0.0/8 and ::1, the only addresses our servers may bind. */
export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}
