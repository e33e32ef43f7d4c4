// Readiness probing of the user container on the kubelet's behalf (upstream pkg/queue/readiness).
// SERVING_READINESS_PROBE holds a core/v1 Probe as JSON (or an array of them for multi-container).
// periodSeconds 0 means "aggressive": retry every 50 ms, 100 ms per attempt, for up to 10 s, so a
// pod turns ready within ~50 ms of its server listening. Otherwise one attempt per call.

import http from 'node:http';
import net from 'node:net';

/** The probe fields the queue-proxy understands. */
export interface CoreProbe {
  tcpSocket?: { host?: string; port: number | string };
  httpGet?: { host?: string; port: number | string; path?: string; scheme?: string; httpHeaders?: { name: string; value: string }[] };
  exec?: unknown;
  grpc?: unknown;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** User agent and header of the queue-proxy's own probe requests. */
export const QUEUE_PROBE_USER_AGENT = 'Knative-Queue-Proxy-Probe';
export const PROBE_HEADER = 'K-Network-Probe';
export const QUEUE_PROBE_VALUE = 'queue';

/** Timings of probing; tests shrink them. */
export interface ProbeTimings {
  aggressiveIntervalMs: number;
  aggressiveAttemptTimeoutMs: number;
  aggressiveBudgetMs: number;
}

/** Upstream's timings (retryInterval 50 ms, aggressive probe timeout 100 ms, poll timeout 10 s). */
export const DEFAULT_PROBE_TIMINGS: ProbeTimings = { aggressiveIntervalMs: 50, aggressiveAttemptTimeoutMs: 100, aggressiveBudgetMs: 10_000 };

/** Parses SERVING_READINESS_PROBE (one probe or a list); throws on malformed JSON or shapes. */
export function decodeProbes(json: string): CoreProbe[] {
  const parsed: unknown = JSON.parse(json);
  const list = Array.isArray(parsed) ? parsed : [parsed];
  for (const p of list) {
    if (p === null || typeof p !== 'object') throw new Error('readiness probe must be an object');
  }
  return list as CoreProbe[];
}

/** Probes the user container; concurrent callers share one run. */
export class ReadinessProber {
  private running: Promise<boolean> | undefined;

  constructor(
    private readonly probes: CoreProbe[],
    private readonly target: { podIP: string; userPort: number },
    private readonly timings: ProbeTimings = DEFAULT_PROBE_TIMINGS,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** True when every probe passes (no probes: true). */
  probe(): Promise<boolean> {
    if (this.running === undefined) {
      this.running = this.runAll().finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async runAll(): Promise<boolean> {
    const results = await Promise.all(this.probes.map((p) => this.runOne(p)));
    return results.every(Boolean);
  }

  private async runOne(p: CoreProbe): Promise<boolean> {
    if (!p.periodSeconds) {
      const deadline = Date.now() + this.timings.aggressiveBudgetMs;
      const needed = Math.max(1, p.successThreshold ?? 1);
      let streak = 0;
      for (;;) {
        if (await probeOnce(p, this.target, this.timings.aggressiveAttemptTimeoutMs)) {
          if (++streak >= needed) return true;
        } else {
          streak = 0;
        }
        if (Date.now() + this.timings.aggressiveIntervalMs > deadline) return false;
        await this.sleep(this.timings.aggressiveIntervalMs);
      }
    }
    return probeOnce(p, this.target, (p.timeoutSeconds ?? 1) * 1000);
  }
}

/** One probe attempt: TCP connect or HTTP GET (2xx/3xx passes). Exec/gRPC are the kubelet's job: pass. */
export function probeOnce(p: CoreProbe, target: { podIP: string; userPort: number }, timeoutMs: number): Promise<boolean> {
  const portOf = (port: number | string): number => (typeof port === 'number' && port > 0 ? port : target.userPort);
  if (p.tcpSocket) return tcpProbe(p.tcpSocket.host || target.podIP, portOf(p.tcpSocket.port), timeoutMs);
  if (p.httpGet) {
    const g = p.httpGet;
    if ((g.scheme ?? 'HTTP').toUpperCase() !== 'HTTP') return Promise.resolve(false);
    const headers: Record<string, string> = { 'user-agent': QUEUE_PROBE_USER_AGENT, [PROBE_HEADER]: QUEUE_PROBE_VALUE };
    for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
    return httpProbe(g.host || target.podIP, portOf(g.port), g.path || '/', headers, timeoutMs);
  }
  return Promise.resolve(true);
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      s.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function httpProbe(host: string, port: number, path: string, headers: Record<string, string>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host, port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve(code >= 200 && code < 400);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
