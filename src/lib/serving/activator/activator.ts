// The activator: answers requests for revisions without ready pods. It holds each request, tells
// the autoscaler there is demand, and forwards the request once a pod with a free slot is ready.
// Serves through its own loopback server (server.ts), which the gateway's onNoEndpoints hook
// (gatewayHook) points at, or through handle() from any other HTTP server in-process.
import http from 'node:http';
import { isIP } from 'node:net';
import { type Clock, realClock } from '../../controller/clock.js';
import { ConcurrencyTracker, activatorStat, type RevisionStat, type StatSink } from './stats.js';
import { DEFAULT_QUEUE_DEPTH, type Lease, type PendingLease, QueueFullError, RevisionThrottler } from './throttler.js';

/** Which revision a request is for. */
export interface RevisionTarget {
  namespace: string;
  revision: string;
}

/** What the activator needs to know about a revision. */
export interface RevisionInfo {
  /** 0 = unlimited. */
  containerConcurrency: number;
  /** Whole-request timeout; 0 or undefined ⇒ the default (300s). */
  timeoutSeconds?: number;
}

/** The activator's collaborators and limits. */
export interface ActivatorDeps {
  /** Looks a revision up (undefined ⇒ 404). */
  lookupRevision(target: RevisionTarget): RevisionInfo | undefined | Promise<RevisionInfo | undefined>;
  /** Told at once when a revision goes from idle to having requests here (scale-from-zero poke). */
  onDemand?: StatSink;
  clock?: Clock;
  /** Waiting requests per revision before 503 (upstream 10000). */
  queueDepth?: number;
  /** Request timeout when the revision sets none (upstream revision-timeout-seconds 300). */
  defaultTimeoutSeconds?: number;
  /** For load balancing among pods; injectable for tests. */
  random?: () => number;
}

/** Request headers the ingress sets to name the revision. */
export const REVISION_HEADER = 'knative-serving-revision';
export const NAMESPACE_HEADER = 'knative-serving-namespace';
/** Marks requests that came through the activator (the queue-proxy reports them as proxied). */
export const PROXY_HEADER = 'k-proxy-request';

// Response texts (http.Error style: text/plain with a trailing newline).
const MSG_TIMEOUT = 'activator request timeout';
const MSG_DEADLINE = 'context deadline exceeded';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Hop-by-hop headers are for one connection only and are not forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate', 'proxy-authorization']);

// Copies end-to-end headers: hop-by-hop ones and those the Connection header names stay behind.
function forwardHeaders(src: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const listed = new Set((src.connection ?? '').split(',').map((t) => t.trim().toLowerCase()));
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(src)) if (!HOP_BY_HOP.has(k) && !listed.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** Finds the revision from the ingress headers or a `<rev>.<ns>.svc.cluster.local` host. */
export function revisionFromRequest(req: http.IncomingMessage): RevisionTarget | undefined {
  const rev = req.headers[REVISION_HEADER];
  const ns = req.headers[NAMESPACE_HEADER];
  if (typeof rev === 'string' && typeof ns === 'string' && rev && ns) return { namespace: ns, revision: rev };
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const m = /^([^.]+)\.([^.]+)\.svc(\.cluster\.local)?$/.exec(host);
  return m ? { namespace: m[2], revision: m[1] } : undefined;
}

function reply(res: http.ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}

function splitAddress(address: string): { host: string; port: number } | undefined {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(address);
  if (!m || isIP(m[1]) === 0) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1], port } : undefined;
}

/** The activator for all revisions. */
export class Activator {
  private readonly clock: Clock;
  private readonly throttlers = new Map<string, RevisionThrottler>();
  private readonly endpoints = new Map<string, string[]>();
  readonly tracker = new ConcurrencyTracker();
  private closed = false;

  constructor(private readonly deps: ActivatorDeps) {
    this.clock = deps.clock ?? realClock;
  }

  /**
   * The gateway's onNoEndpoints hook. Like a ServerlessService in proxy mode, it points the
   * revision's traffic at the activator server listening on `address` ("ip:port"), which then holds
   * and throttles the request. The request is tagged with its revision (the Service of a Knative
   * split is named after the revision) in case the split did not add the headers.
   */
  gatewayHook(address: string): (target: { namespace: string; service: string }, req: { headers: Record<string, string | string[] | undefined> }) => Promise<string | null> {
    if (!splitAddress(address)) throw new Error(`invalid activator address ${JSON.stringify(address)}`);
    return async (target, req) => {
      if (this.closed) return null;
      if (!req.headers[REVISION_HEADER] || !req.headers[NAMESPACE_HEADER]) {
        req.headers[REVISION_HEADER] = target.service;
        req.headers[NAMESPACE_HEADER] = target.namespace;
      }
      return address;
    };
  }

  /** A request listener for a standalone server (the revision comes from headers or Host). */
  listener(): http.RequestListener {
    return (req, res) => void this.handle(req, res);
  }

  /** Ready pod addresses (`ip:port` of each queue-proxy) of a revision changed. */
  endpointsChanged(target: RevisionTarget, addresses: readonly string[]): void {
    const key = `${target.namespace}/${target.revision}`;
    const valid = addresses.filter((a) => splitAddress(a) !== undefined);
    this.endpoints.set(key, valid);
    this.throttlers.get(key)?.updateEndpoints(valid);
  }

  /** Per-revision load since the last call, for the autoscaler (see startStatReporter). */
  collectStats(): RevisionStat[] {
    return this.tracker.report(this.clock.now());
  }

  /** Requests waiting for a pod, per `namespace/revision`. */
  waiting(): Map<string, number> {
    return new Map([...this.throttlers].map(([k, t]) => [k, t.waiting()]));
  }

  /** Answers everything still waiting with 503 and refuses new requests. */
  close(): void {
    this.closed = true;
    for (const t of this.throttlers.values()) t.rejectAll(new Error('activator shutting down'));
  }

  /** Handles one request; `target` given ⇒ no header/Host lookup. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, target?: RevisionTarget): Promise<void> {
    const t = target ?? revisionFromRequest(req);
    if (this.closed) return reply(res, 503, 'activator shutting down');
    if (!t || !DNS_LABEL.test(t.namespace) || !DNS_LABEL.test(t.revision)) {
      return reply(res, 404, 'Error getting active endpoint: no revision found in request');
    }
    let info: RevisionInfo | undefined;
    try {
      info = await this.deps.lookupRevision(t);
    } catch (e) {
      return reply(res, 500, `Error getting active endpoint: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!info) return reply(res, 404, `Error getting active endpoint: revision.serving.knative.dev "${t.revision}" not found`);

    const key = `${t.namespace}/${t.revision}`;
    const start = this.clock.now();
    const timeoutMs = (info.timeoutSeconds && info.timeoutSeconds > 0 ? info.timeoutSeconds : (this.deps.defaultTimeoutSeconds ?? 300)) * 1000;
    const throttler = this.throttlerFor(key, info.containerConcurrency);

    if (this.tracker.start(key, start)) {
      // Do not wait for the next report: a revision at zero should start scaling now.
      this.deps.onDemand?.(t.namespace, t.revision, activatorStat(start, 1, 1));
    }
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      this.tracker.end(key, this.clock.now());
    };
    res.once('close', finish);

    let pending: PendingLease;
    try {
      pending = throttler.acquire();
    } catch (e) {
      finish();
      return reply(res, 503, e instanceof QueueFullError ? e.message : String(e));
    }
    // Waiting counts against the request's whole timeout; running out while queued is a 503.
    const waitTimer = this.clock.setTimeout(() => pending.cancel(new Error(MSG_DEADLINE)), timeoutMs);
    // The response closing first means the client hung up (req 'close' also fires once a body is read).
    const abandon = (): void => pending.cancel(new Error('client went away'));
    res.once('close', abandon);
    let lease: Lease;
    try {
      lease = await pending.promise;
    } catch (e) {
      finish();
      return reply(res, 503, e instanceof Error ? e.message : String(e));
    } finally {
      this.clock.clearTimeout(waitTimer);
      res.off('close', abandon);
    }
    if (res.destroyed) {
      // The client left while the slot was being handed over.
      lease.release();
      finish();
      return;
    }
    const remaining = Math.max(1, timeoutMs - (this.clock.now() - start));
    this.proxy(req, res, lease, remaining, () => {
      lease.release();
      finish();
    });
  }

  private throttlerFor(key: string, cc: number): RevisionThrottler {
    let t = this.throttlers.get(key);
    if (!t) {
      t = new RevisionThrottler(cc, this.deps.queueDepth ?? DEFAULT_QUEUE_DEPTH, this.deps.random);
      t.updateEndpoints(this.endpoints.get(key) ?? []);
      this.throttlers.set(key, t);
    } else {
      t.setContainerConcurrency(cc);
    }
    return t;
  }

  // Forwards to the pod's queue-proxy; 504 when the revision timeout runs out first, 502 when the pod fails.
  private proxy(req: http.IncomingMessage, res: http.ServerResponse, lease: Lease, timeoutMs: number, done: () => void): void {
    const addr = splitAddress(lease.address) as { host: string; port: number };
    const headers = forwardHeaders(req.headers);
    // A chunked body is re-framed by Node, which chunk-encodes when it sees this header.
    if (req.headers['transfer-encoding'] !== undefined) headers['transfer-encoding'] = 'chunked';
    headers[PROXY_HEADER] = 'activator';
    let settled = false;
    const end = (): void => {
      if (settled) return;
      settled = true;
      this.clock.clearTimeout(timeout);
      done();
    };
    const upstream = http.request({ host: addr.host, port: addr.port, method: req.method, path: req.url, headers });
    const timeout = this.clock.setTimeout(() => {
      upstream.destroy();
      reply(res, 504, MSG_TIMEOUT);
      end();
    }, timeoutMs);
    upstream.on('response', (up) => {
      res.writeHead(up.statusCode ?? 502, forwardHeaders(up.headers));
      up.pipe(res);
      up.on('end', end);
      up.on('error', () => {
        res.destroy();
        end();
      });
    });
    upstream.on('error', (e) => {
      if (!settled) reply(res, 502, `error reaching revision: ${e.message}`);
      end();
    });
    // The client hanging up aborts the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      end();
    });
    req.pipe(upstream);
  }
}
