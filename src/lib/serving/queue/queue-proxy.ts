// The queue-proxy program: traffic server (QUEUE_SERVING_PORT, and 8013 for h2c revisions, spoken
// as HTTP/1.1 because our gateway's upstream side is HTTP/1.1), admin server (8022: drain
// endpoints) and autoscaling metrics server (9090: Prometheus text at /metrics), all bound to the
// pod IP. Not served: TLS (8112) and user metrics (9091).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendText } from '../../networking/proxy.js';
import { UpstreamPool } from '../../networking/upstream.js';
import { Breaker, breakerParamsFor } from './breaker.js';
import { Drainer } from './drain.js';
import { parseQueueProxyEnv } from './env.js';
import type { QueueProxyConfig } from './env.js';
import { createMainHandler, createUpgradeHandler } from './handler.js';
import { decodeProbes, ReadinessProber } from './probe.js';
import type { ProbeTimings } from './probe.js';
import { PROMETHEUS_CONTENT_TYPE, renderAutoscalingMetrics } from './prometheus.js';
import { RequestStats } from './stats.js';
import type { StatsReport } from './stats.js';

/** Admin paths (upstream RequestQueueDrainPath and the drain-complete check). */
export const DRAIN_PATH = '/wait-for-drain';
export const DRAIN_COMPLETE_PATH = '/drain-complete';

/** Test and embedding hooks; production uses the defaults. */
export interface QueueProxyOptions {
  now?: () => number;
  probeTimings?: ProbeTimings;
  /** Poll interval while waiting for pending requests during shutdown (default 100 ms). */
  pendingPollMs?: number;
}

/** A running queue-proxy. */
export interface QueueProxyHandle {
  config: QueueProxyConfig;
  /** Bound ports (useful when the config asked for port 0). */
  ports: { serving: number; h2c: number; admin: number; metrics: number };
  /** SIGTERM behaviour: drain (quiet period), wait for pending requests, close the servers. */
  shutdown(): Promise<void>;
  /** Immediate stop without draining. */
  close(): Promise<void>;
  /** Closes the current stats period now (the ticker does this every second). */
  reportNow(): void;
}

/** Starts the queue-proxy from an environment (upstream variable names); resolves once listening. */
export async function runQueueProxy(env: Record<string, string | undefined>, opts: QueueProxyOptions = {}): Promise<QueueProxyHandle> {
  const config = parseQueueProxyEnv(env);
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const stats = new RequestStats(startedAt);
  const drainer = new Drainer(config.drainQuietMs);
  const pending = { count: 0 };
  const params = breakerParamsFor(config.containerConcurrency);
  const breaker = params ? new Breaker(params) : undefined;
  const prober = config.readinessProbe
    ? new ReadinessProber(decodeProbes(config.readinessProbe), { podIP: config.podIP, userPort: config.userPort }, opts.probeTimings)
    : undefined;
  const maxIdle = config.containerConcurrency > 0 ? config.containerConcurrency : 1000;
  const pool = new UpstreamPool(maxIdle, 4000);
  const deps = {
    config,
    stats,
    breaker,
    drainer,
    pool,
    now,
    pending,
    prober: () => (prober ? prober.probe() : Promise.resolve(true)),
  };

  const traffic = (): http.Server => {
    const s = http.createServer({ requestTimeout: 0, keepAliveTimeout: 65_000 }, createMainHandler(deps));
    s.on('upgrade', createUpgradeHandler(deps));
    return s;
  };
  const main = traffic();
  const h2c = traffic();

  let last: StatsReport = { averageConcurrency: 0, averageProxiedConcurrency: 0, requestCount: 0, proxiedRequestCount: 0 };
  const ticker = setInterval(() => {
    last = stats.report(now());
  }, config.reportingPeriodMs);
  ticker.unref();

  const metrics = http.createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') {
      sendText(res, 404, '404 page not found\n');
      return;
    }
    const labels = { namespace: config.namespace, configuration: config.configuration, revision: config.revision, pod: config.pod };
    const body = renderAutoscalingMetrics(last, labels, config.reportingPeriodMs / 1000, (now() - startedAt) / 1000);
    res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });

  const admin = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === DRAIN_PATH) {
      void drainer.drain().then(() => sendText(res, 200, ''));
    } else if (path === DRAIN_COMPLETE_PATH) {
      if (pending.count <= 0) sendText(res, 200, 'drained');
      else sendText(res, 503, `pending requests: ${pending.count}`);
    } else {
      sendText(res, 404, '404 page not found\n');
    }
  });

  const servers = [main, h2c, admin, metrics];
  const listen = (s: http.Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, config.podIP, () => {
        s.off('error', reject);
        resolve((s.address() as AddressInfo).port);
      });
    });
  let ports: QueueProxyHandle['ports'];
  try {
    ports = {
      serving: await listen(main, config.servingPort),
      h2c: await listen(h2c, config.h2cPort),
      admin: await listen(admin, config.adminPort),
      metrics: await listen(metrics, config.metricsPort),
    };
  } catch (e) {
    clearInterval(ticker);
    for (const s of servers) if (s.listening) s.close();
    throw e;
  }

  const close = async (): Promise<void> => {
    clearInterval(ticker);
    pool.destroy();
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  };
  const pollMs = opts.pendingPollMs ?? 100;
  const shutdown = async (): Promise<void> => {
    await drainer.drain();
    while (pending.count > 0) await new Promise((r) => setTimeout(r, pollMs));
    await close();
  };
  const reportNow = (): void => {
    last = stats.report(now());
  };
  return { config, ports, shutdown, close, reportNow };
}
