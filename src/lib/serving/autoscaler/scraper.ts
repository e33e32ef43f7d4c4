// Scrapes a revision's ready pods (a sample of them, as upstream) and folds the answers into one stat.
import { isIP } from 'node:net';
import { type Stat, aggregatePodStats, populationMeanSampleSize } from './metrics.js';
import { MAX_METRICS_TEXT, parseQueueMetrics } from './prometheus.js';

/** A ready pod whose queue-proxy serves autoscaling metrics. */
export interface ReadyPod {
  name: string;
  /** Pod IP (a 127.x.y.z address locally). */
  ip: string;
}

/** Fetches one pod's metrics text. */
export type ScrapePod = (pod: ReadyPod) => Promise<string>;

/** The queue-proxy's autoscaling metrics port. */
export const QUEUE_METRICS_PORT = 9090;

/**
 * Scrapes enough pods for a mean estimate and returns the revision's stat (sample average × ready
 * pods); undefined when no pod is ready. Throws when fewer than the sample size answered, since a
 * partial sample would skew low (nothing is recorded then, as upstream).
 */
export async function scrapeRevision(pods: readonly ReadyPod[], scrapePod: ScrapePod, now: () => number): Promise<Stat | undefined> {
  if (pods.length === 0) return undefined;
  const sampleSize = populationMeanSampleSize(pods.length);
  const results: Stat[] = [];
  let next = 0;
  let lastError: unknown;
  // sampleSize workers; each keeps taking the next pod until one answers or pods run out.
  const worker = async (): Promise<void> => {
    while (next < pods.length) {
      const pod = pods[next++];
      try {
        results.push(parseQueueMetrics(await scrapePod(pod), now()));
        return;
      } catch (e) {
        lastError = e;
      }
    }
  };
  await Promise.all(Array.from({ length: sampleSize }, worker));
  if (results.length < sampleSize) {
    const why = lastError instanceof Error ? lastError.message : String(lastError);
    throw new Error(`scraped ${results.length} of ${sampleSize} pods: ${why}`);
  }
  return aggregatePodStats(results, pods.length, now());
}

/** Default pod scrape: GET http://<ip>:9090/metrics with a timeout and a size cap. */
export function httpScrapePod(timeoutMs = 3000): ScrapePod {
  return async (pod) => {
    // Only an IP literal: a pod record must not steer the scraper to an arbitrary host.
    const family = isIP(pod.ip);
    if (family === 0) throw new Error(`invalid pod IP ${JSON.stringify(pod.ip)}`);
    const host = family === 6 ? `[${pod.ip}]` : pod.ip;
    const res = await fetch(`http://${host}:${QUEUE_METRICS_PORT}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`GET request for URL "http://${host}:${QUEUE_METRICS_PORT}/metrics" returned HTTP status ${res.status}`);
    }
    const text = await res.text();
    if (text.length > MAX_METRICS_TEXT) throw new Error(`metrics response larger than ${MAX_METRICS_TEXT} bytes`);
    return text;
  };
}
