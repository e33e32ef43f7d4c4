// Helpers for autoscaling behaviour tests on the local control plane: a watch-fed view of one
// Knative Service's pods and Deployment replicas (so tests wait on events, not sleeps), and a
// load generator of N concurrent looping clients through the gateway.
import http from 'node:http';
import type { KubeClient, WatchHandle } from '../../src/lib/controller/client.js';
import { type Deployment, type Pod, isPodReady } from '../../src/lib/controller/kinds.js';
import type { KubeObject } from '../../src/lib/controller/objects.js';
import { type ResourceRef, Resources } from '../../src/lib/controller/resources.js';
import type { LocalCluster } from './local-cluster.js';

/** A node app for `--cmd node --arg app.cjs`: answers after $SLEEP_MS, so concurrency is observable. */
export const SLOW_APP = `
const ms = Number(process.env.SLEEP_MS || 0);
require('node:http').createServer((req, res) => setTimeout(() => res.end('ok\\n'), ms)).listen(Number(process.env.PORT));
`;

/** One change seen by a ScaleWatch. */
export interface ScaleSample {
  at: number;
  ready: number;
  replicas: number | undefined;
}

/** Live pod and replica counts of one Knative Service, fed by watches. */
export interface ScaleWatch {
  /** Ready pods (not terminating) right now. */
  ready(): number;
  /** The revision Deployment's spec.replicas (sum over the service's Deployments). */
  replicas(): number | undefined;
  /** Every change, in order. */
  readonly history: ScaleSample[];
  /** Resolves when `pred` holds (checked on every change), rejects after `limitMs`. */
  until(what: string, pred: (s: ScaleSample) => boolean, limitMs: number): Promise<ScaleSample>;
  stop(): void;
}

type Obj = KubeObject & { metadata: { name?: string; uid?: string; deletionTimestamp?: string } };

// Keeps a label-selected set of objects current: list, then watch from that version; a watch the
// server ends is reopened with a fresh list, so no event is lost for long.
function mirror<T extends Obj>(client: KubeClient, ref: ResourceRef, ns: string, selector: string, onChange: (objs: Map<string, T>) => void): { stop(): void } {
  const objs = new Map<string, T>();
  let handle: WatchHandle | undefined;
  let stopped = false;
  const start = async (): Promise<void> => {
    if (stopped) return;
    try {
      const list = await client.list<T>(ref, ns, { labelSelector: selector });
      objs.clear();
      for (const o of list.items) objs.set(o.metadata.name ?? '', o);
      onChange(objs);
      if (stopped) return;
      handle = client.watch<T>(
        ref,
        ns,
        { labelSelector: selector, resourceVersion: list.resourceVersion },
        (ev) => {
          if (ev.type === 'ADDED' || ev.type === 'MODIFIED') objs.set(ev.object.metadata.name ?? '', ev.object);
          else if (ev.type === 'DELETED') objs.delete(ev.object.metadata.name ?? '');
          else return;
          onChange(objs);
        },
        () => {
          if (!stopped) setTimeout(() => void start(), 100);
        },
      );
    } catch {
      if (!stopped) setTimeout(() => void start(), 200);
    }
  };
  void start();
  return {
    stop() {
      stopped = true;
      handle?.stop();
    },
  };
}

/** Watches the pods and Deployments labelled serving.knative.dev/service=`service`. */
export function watchScale(client: KubeClient, namespace: string, service: string): ScaleWatch {
  const selector = `serving.knative.dev/service=${service}`;
  let ready = 0;
  let replicas: number | undefined;
  const history: ScaleSample[] = [];
  const waiters = new Set<(s: ScaleSample) => void>();
  const changed = (): void => {
    const last = history[history.length - 1];
    if (last && last.ready === ready && last.replicas === replicas) return;
    const s = { at: Date.now(), ready, replicas };
    history.push(s);
    for (const w of [...waiters]) w(s);
  };
  const pods = mirror<Pod & Obj>(client, Resources.pods, namespace, selector, (m) => {
    ready = [...m.values()].filter((p) => !p.metadata.deletionTimestamp && isPodReady(p)).length;
    changed();
  });
  const deps = mirror<Deployment & Obj>(client, Resources.deployments, namespace, selector, (m) => {
    replicas = m.size === 0 ? undefined : [...m.values()].reduce((n, d) => n + (d.spec?.replicas ?? 1), 0);
    changed();
  });
  return {
    ready: () => ready,
    replicas: () => replicas,
    history,
    until(what, pred, limitMs) {
      const now: ScaleSample = { at: Date.now(), ready, replicas };
      if (pred(now)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${what}: not reached within ${limitMs} ms (ready ${ready}, replicas ${replicas})`));
        }, limitMs);
        const check = (s: ScaleSample): void => {
          if (!pred(s)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(s);
        };
        waiters.add(check);
      });
    },
    stop() {
      pods.stop();
      deps.stop();
    },
  };
}

/** What a load run got back. */
export interface LoadResult {
  /** Responses per HTTP status. */
  statuses: Record<number, number>;
  /** Bodies of non-200 answers and transport errors (first 50), with the time since the start. */
  failures: string[];
  total: number;
}

/** One GET through the gateway (own connection each time, as separate clients would). */
function once(port: number, host: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', headers: { host }, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

function tally(): LoadResult & { add(r: { status: number; body: string } | Error): void } {
  const started = Date.now();
  const out = {
    statuses: {} as Record<number, number>,
    failures: [] as string[],
    total: 0,
    add(r: { status: number; body: string } | Error) {
      out.total++;
      if (r instanceof Error) {
        out.statuses[0] = (out.statuses[0] ?? 0) + 1;
        if (out.failures.length < 50) out.failures.push(`+${Date.now() - started}ms ${r.message}`);
        return;
      }
      out.statuses[r.status] = (out.statuses[r.status] ?? 0) + 1;
      if (r.status !== 200 && out.failures.length < 50) out.failures.push(`+${Date.now() - started}ms ${r.status} ${r.body.trim()}`);
    },
  };
  return out;
}

/** `clients` concurrent loops of GETs until stop(); stop() waits for the requests in flight. */
export function startLoad(cluster: LocalCluster, host: string, clients: number, timeoutMs = 30_000): { stop(): Promise<LoadResult> } {
  const result = tally();
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) result.add(await once(cluster.gatewayPort, host, timeoutMs).catch((e: Error) => e));
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      const { add: _add, ...r } = result;
      return r;
    },
  };
}

/** `n` GETs sent at once; resolves when all are answered. */
export async function burst(cluster: LocalCluster, host: string, n: number, timeoutMs = 30_000): Promise<LoadResult> {
  const result = tally();
  await Promise.all(Array.from({ length: n }, async () => result.add(await once(cluster.gatewayPort, host, timeoutMs).catch((e: Error) => e))));
  const { add: _add, ...r } = result;
  return r;
}
