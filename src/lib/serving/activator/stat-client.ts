// Sends the activator's stats to an autoscaler in another process (see autoscaler/stat-server.ts):
// the stats of one report round go out as one POST.
import type { Stat } from '../autoscaler/metrics.js';
import { STAT_PATH, type WireStat } from '../autoscaler/stat-server.js';
import type { StatSink } from './stats.js';

/** A StatSink posting to `http://<host:port>/stats`; failures go to `onError` (the next round retries with fresh data). */
export function httpStatSink(hostPort: string, onError: (e: unknown) => void = () => {}, timeoutMs = 2000): StatSink {
  const url = `http://${hostPort}${STAT_PATH}`;
  let batch: WireStat[] = [];
  const flush = (): void => {
    const stats = batch;
    batch = [];
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stats }),
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then(async (r) => {
        await r.arrayBuffer();
        if (r.status !== 204) throw new Error(`POST ${url} answered ${r.status}`);
      })
      .catch(onError);
  };
  return (namespace: string, revision: string, stat: Stat) => {
    // One report round calls the sink once per revision synchronously: batch them into one request.
    if (batch.length === 0) queueMicrotask(flush);
    batch.push({ namespace, revision, stat });
  };
}
