// Receives activator stats over HTTP when the activator runs in another process (kind, or a
// separate component): POST /stats with {"stats":[{"namespace","revision","stat"}]}. Upstream uses a
// websocket on the same port; a small JSON POST per second carries the same data.
import http from 'node:http';
import { listenOn } from '../../http/listen.js';
import { checkBindAddress } from './bind-address.js';
import type { Stat } from './metrics.js';

/** The autoscaler's stat port (upstream's websocket port). */
export const STAT_PORT = 8080;
/** Path stats are posted to. */
export const STAT_PATH = '/stats';
/** Largest accepted body. */
export const MAX_STAT_BODY = 1024 * 1024;

/** One revision's stat on the wire. */
export interface WireStat {
  namespace: string;
  revision: string;
  stat: Stat;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const NUMBER_FIELDS = ['averageConcurrentRequests', 'averageProxiedConcurrentRequests', 'requestCount', 'proxiedRequestCount'] as const;

/** Checks a decoded body; returns the stats or a reason it was refused. */
export function decodeStats(body: unknown, receivedAt: number): WireStat[] | string {
  const list = (body as { stats?: unknown })?.stats;
  if (!Array.isArray(list)) return 'body must be {"stats":[...]}';
  const out: WireStat[] = [];
  for (const item of list as Array<Record<string, unknown>>) {
    const s = item?.stat as Record<string, unknown> | undefined;
    if (typeof item?.namespace !== 'string' || !DNS_LABEL.test(item.namespace)) return 'invalid namespace';
    if (typeof item.revision !== 'string' || !DNS_LABEL.test(item.revision)) return 'invalid revision';
    if (!s || typeof s.podName !== 'string' || s.podName.length > 253) return 'invalid stat';
    for (const f of NUMBER_FIELDS) if (typeof s[f] !== 'number' || !Number.isFinite(s[f]) || (s[f] as number) < 0) return `invalid ${f}`;
    out.push({
      namespace: item.namespace,
      revision: item.revision,
      // The autoscaler stamps stats with its own receive time, as upstream does.
      stat: {
        time: receivedAt,
        podName: s.podName,
        averageConcurrentRequests: s.averageConcurrentRequests as number,
        averageProxiedConcurrentRequests: s.averageProxiedConcurrentRequests as number,
        requestCount: s.requestCount as number,
        proxiedRequestCount: s.proxiedRequestCount as number,
      },
    });
  }
  return out;
}

/** A running stat server. */
export interface StatServer {
  port: number;
  close(): Promise<void>;
}

/** Serves POST /stats into `record` (the autoscaler handle's recordStat). Binds loopback or a pod address only. */
export async function startStatServer(
  record: (namespace: string, revision: string, stat: Stat) => void,
  opts: { host?: string; port?: number; now?: () => number } = {},
): Promise<StatServer> {
  const host = opts.host ?? '127.0.0.1';
  checkBindAddress(host);
  const now = opts.now ?? Date.now;
  const server = http.createServer((req, res) => {
    const answer = (status: number, text = ''): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.url !== STAT_PATH) return answer(404, 'not found\n');
    if (req.method !== 'POST') return answer(405, 'method not allowed\n');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (res.headersSent) return; // already refused: drain the rest without keeping it
      size += c.length;
      if (size > MAX_STAT_BODY) {
        res.setHeader('connection', 'close');
        answer(413, 'body too large\n');
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let decoded: WireStat[] | string;
      try {
        decoded = decodeStats(JSON.parse(Buffer.concat(chunks).toString('utf8')), now());
      } catch {
        decoded = 'body is not JSON';
      }
      if (typeof decoded === 'string') return answer(400, `${decoded}\n`);
      for (const w of decoded) record(w.namespace, w.revision, w.stat);
      answer(204);
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return listenOn(server, opts.port ?? STAT_PORT, host);
}
