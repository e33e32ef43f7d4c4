// Reads the queue-proxy's autoscaling metrics (port 9090, Prometheus text format) into a Stat.
import type { Stat } from './metrics.js';

/** Gauge names the queue-proxy serves on its autoscaling metrics port. */
export const QUEUE_METRICS = {
  averageConcurrentRequests: 'queue_average_concurrent_requests',
  averageProxiedConcurrentRequests: 'queue_average_proxied_concurrent_requests',
  requestCount: 'queue_requests_per_second',
  proxiedRequestCount: 'queue_proxied_operations_per_second',
  processUptime: 'process_uptime',
} as const;

/** Label that carries the pod name. */
export const POD_LABEL = 'destination_pod';

/** Metrics text larger than this is refused (a queue-proxy serves well under 4 KiB). */
export const MAX_METRICS_TEXT = 64 * 1024;

interface Sample {
  labels: Record<string, string>;
  value: number;
}

// name{labels} value [timestamp]; label values are quoted with \\ \" \n escapes.
const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/gy;

function parseLabels(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  LABEL.lastIndex = 0;
  let consumed = 0;
  for (let m = LABEL.exec(text); m; m = LABEL.exec(text)) {
    out[m[1]] = m[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    consumed = LABEL.lastIndex;
  }
  return text.slice(consumed).trim() === '' ? out : undefined;
}

function parseValue(v: string): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}

/** First sample of every metric family in a Prometheus text body. */
function firstSamples(text: string): Map<string, Sample> {
  const out = new Map<string, Sample>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m || out.has(m[1])) continue;
    const labels = m[2] === undefined ? {} : parseLabels(m[2]);
    if (!labels) continue;
    out.set(m[1], { labels, value: parseValue(m[3]) });
  }
  return out;
}

/** Parses queue-proxy metrics text into a Stat stamped `time`; throws when a required gauge or the pod name is missing. */
export function parseQueueMetrics(text: string, time: number): Stat {
  if (text.length > MAX_METRICS_TEXT) throw new Error(`metrics response larger than ${MAX_METRICS_TEXT} bytes`);
  const samples = firstSamples(text);
  let podName = '';
  const read = (name: string): number => {
    const s = samples.get(name);
    if (!s || !Number.isFinite(s.value)) throw new Error(`could not find value for ${name} in response`);
    if (!podName) {
      podName = s.labels[POD_LABEL] ?? '';
      if (!podName) throw new Error('could not find pod name in metric labels');
    }
    return s.value;
  };
  const stat: Stat = {
    time,
    podName: '',
    averageConcurrentRequests: read(QUEUE_METRICS.averageConcurrentRequests),
    averageProxiedConcurrentRequests: read(QUEUE_METRICS.averageProxiedConcurrentRequests),
    requestCount: read(QUEUE_METRICS.requestCount),
    proxiedRequestCount: read(QUEUE_METRICS.proxiedRequestCount),
  };
  stat.podName = podName;
  const up = samples.get(QUEUE_METRICS.processUptime);
  if (up && Number.isFinite(up.value)) stat.processUptime = up.value;
  return stat;
}

/** Renders a Stat in the queue-proxy's format (for the queue-proxy and for tests). */
export function formatQueueMetrics(
  stat: Omit<Stat, 'time'>,
  labels: { namespace: string; configuration: string; revision: string },
): string {
  const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const l = `{destination_namespace="${esc(labels.namespace)}",destination_configuration="${esc(labels.configuration)}",destination_revision="${esc(labels.revision)}",destination_pod="${esc(stat.podName)}"}`;
  const gauge = (name: string, help: string, v: number): string => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name}${l} ${v}\n`;
  return (
    gauge(QUEUE_METRICS.requestCount, 'Number of requests per second', stat.requestCount) +
    gauge(QUEUE_METRICS.proxiedRequestCount, 'Number of proxied requests per second', stat.proxiedRequestCount) +
    gauge(QUEUE_METRICS.averageConcurrentRequests, 'Number of requests currently being handled by this pod', stat.averageConcurrentRequests) +
    gauge(
      QUEUE_METRICS.averageProxiedConcurrentRequests,
      'Number of proxied requests currently being handled by this pod',
      stat.averageProxiedConcurrentRequests,
    ) +
    (stat.processUptime === undefined ? '' : gauge(QUEUE_METRICS.processUptime, 'The number of seconds that the process has been up', stat.processUptime))
  );
}
