// The queue-proxy's request handler, one concern per step (upstream sharedmain/handlers.go):
//   1. health checks (kubelet, activator, autoscaler probes, K-Network-Probe): 503 while draining,
//      else probe the user container: 200 "queue" / 503;
//   2. stats (concurrency, counts; K-Proxy-Request marks activator traffic);
//   3. breaker (containerConcurrency): queue or 503 "pending request queue full";
//   4. timeouts (revision timeout, response-start, idle): 504 "request timeout";
//   5. reverse proxy to the user container on the pod IP, dropping the activator routing headers.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { forwardRequest, forwardUpgrade, sendText, upstreamHeaders } from '../../networking/proxy.js';
import type { UpstreamPool } from '../../networking/upstream.js';
import type { Breaker, Release } from './breaker.js';
import { QUEUE_FULL_BODY } from './breaker.js';
import type { Drainer } from './drain.js';
import type { QueueProxyConfig } from './env.js';
import { QUEUE_PROBE_VALUE } from './probe.js';
import type { RequestStats } from './stats.js';

/** Probe identification (knative/networking header package). */
export const KUBE_PROBE_UA_PREFIX = 'kube-probe/';
export const ACTIVATOR_PROBE_UA = 'Knative-Activator-Probe';
export const AUTOSCALING_PROBE_UA = 'Knative-Autoscaling-Probe';
export const KUBELET_PROBE_HEADER = 'k-kubelet-probe';
export const NETWORK_PROBE_HEADER = 'k-network-probe';
/** Set by the activator on requests it forwards. */
export const PROXY_HEADER = 'k-proxy-request';
/** Body of the 504 on a revision timeout. */
export const REQUEST_TIMEOUT_BODY = 'request timeout';
/** Headers the activator/ingress add for routing, not meant for the user container. */
const REVISION_HEADERS = ['knative-serving-revision', 'knative-serving-namespace'];
const REVISION_HEADER_SET: ReadonlySet<string> = new Set(REVISION_HEADERS);

/** What the handler needs; the caller owns the lifetimes. */
export interface MainHandlerDeps {
  config: Pick<QueueProxyConfig, 'podIP' | 'userPort' | 'revisionTimeoutMs' | 'responseStartTimeoutMs' | 'idleTimeoutMs'>;
  stats: RequestStats;
  breaker?: Breaker;
  prober: () => Promise<boolean>;
  drainer: Drainer;
  pool: UpstreamPool;
  /** Milliseconds clock for stats (injectable). */
  now: () => number;
  /** Counter of non-probe requests in flight, read by the drain logic. */
  pending: { count: number };
}

/** True for the requests the drainer answers itself (kubelet, activator, autoscaler probes). */
export function isHealthCheck(req: IncomingMessage): boolean {
  const ua = req.headers['user-agent'] ?? '';
  return (
    ua.startsWith(KUBE_PROBE_UA_PREFIX) ||
    ua.startsWith(ACTIVATOR_PROBE_UA) ||
    ua.startsWith(AUTOSCALING_PROBE_UA) ||
    req.headers[KUBELET_PROBE_HEADER] !== undefined ||
    req.headers[NETWORK_PROBE_HEADER] !== undefined
  );
}

/** Builds the main (traffic port) request handler. */
export function createMainHandler(d: MainHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const endpoint = `${d.config.podIP}:${d.config.userPort}`;
  const probe = (req: IncomingMessage, res: ServerResponse): void => {
    if (d.drainer.draining()) {
      sendText(res, 503, 'shutting down');
      return;
    }
    const value = String(req.headers[NETWORK_PROBE_HEADER] ?? '');
    if (value !== QUEUE_PROBE_VALUE) {
      sendText(res, 400, `unexpected probe header value: ${value}\n`);
      return;
    }
    d.prober().then(
      (ok) => (ok ? sendText(res, 200, QUEUE_PROBE_VALUE) : sendText(res, 503, '')),
      () => sendText(res, 503, ''),
    );
  };

  return (req, res) => {
    if (isHealthCheck(req)) {
      probe(req, res);
      return;
    }
    d.drainer.touch();
    d.pending.count++;
    const proxied = req.headers[PROXY_HEADER] !== undefined;
    const start = d.now();
    d.stats.requestIn(start, proxied);
    let release: Release | undefined;
    const abort = new AbortController();
    res.on('close', () => {
      d.pending.count--;
      d.stats.requestOut(d.now(), proxied);
      abort.abort();
      release?.();
    });

    const forward = (): void => {
      const elapsed = d.now() - start;
      const total = d.config.revisionTimeoutMs > 0 ? Math.max(1, d.config.revisionTimeoutMs - elapsed) : 0;
      forwardRequest(req, res, {
        endpoint,
        path: req.url ?? '/',
        pool: d.pool,
        remove: REVISION_HEADER_SET,
        totalTimeoutMs: total,
        firstByteTimeoutMs: d.config.responseStartTimeoutMs,
        idleTimeoutMs: d.config.idleTimeoutMs,
        timeoutBody: REQUEST_TIMEOUT_BODY,
        errorStatus: 502,
        errorBody: 'error reverse proxying request\n',
      });
    };

    if (d.breaker === undefined) {
      forward();
      return;
    }
    const slot = d.breaker.enter(abort.signal);
    if (slot === undefined) {
      sendText(res, 503, QUEUE_FULL_BODY);
      return;
    }
    // The revision timeout also bounds the time spent queued.
    const queueTimer =
      d.config.revisionTimeoutMs > 0 ? setTimeout(() => { abort.abort(); sendText(res, 504, REQUEST_TIMEOUT_BODY); }, d.config.revisionTimeoutMs) : undefined;
    slot.then(
      (r) => {
        if (queueTimer) clearTimeout(queueTimer);
        release = r;
        if (res.destroyed || res.writableEnded) r();
        else forward();
      },
      () => {
        if (queueTimer) clearTimeout(queueTimer);
      },
    );
  };
}

/** Builds the upgrade (WebSocket) handler: tunnels to the user container, counted as one request. */
export function createUpgradeHandler(d: MainHandlerDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const endpoint = `${d.config.podIP}:${d.config.userPort}`;
  return (req, socket, head) => {
    d.drainer.touch();
    d.pending.count++;
    const proxied = req.headers[PROXY_HEADER] !== undefined;
    d.stats.requestIn(d.now(), proxied);
    socket.once('close', () => {
      d.pending.count--;
      d.stats.requestOut(d.now(), proxied);
    });
    socket.on('error', () => socket.destroy());
    forwardUpgrade(req, socket, head, endpoint, req.url ?? '/', upstreamHeaders(req, { upgrade: true, remove: REVISION_HEADERS }));
  };
}
