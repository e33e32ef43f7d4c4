// Prometheus text exposition of the queue-proxy's autoscaling metrics, with upstream's metric and
// label names (pkg/queue/prometheus_stats_reporter.go), served on the metrics port (9090) at /metrics.

import type { StatsReport } from './stats.js';

/** Identity labels every series carries. */
export interface MetricLabels {
  namespace: string;
  configuration: string;
  revision: string;
  pod: string;
}

/** Content type of the Prometheus text format. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Renders one report: per-second rates divide counts by the report period, as upstream does. */
export function renderAutoscalingMetrics(
  report: StatsReport,
  labels: MetricLabels,
  periodSeconds: number,
  uptimeSeconds: number,
): string {
  const l = `{destination_configuration="${esc(labels.configuration)}",destination_namespace="${esc(labels.namespace)}",destination_pod="${esc(labels.pod)}",destination_revision="${esc(labels.revision)}"}`;
  // Sorted by metric name, as the Go client emits them.
  const series: [string, string, number][] = [
    ['process_uptime', 'The number of seconds that the process has been up', uptimeSeconds],
    ['queue_average_concurrent_requests', 'Number of requests currently being handled by this pod', report.averageConcurrency],
    [
      'queue_average_proxied_concurrent_requests',
      'Number of proxied requests currently being handled by this pod',
      report.averageProxiedConcurrency,
    ],
    ['queue_proxied_operations_per_second', 'Number of proxied requests per second', report.proxiedRequestCount / periodSeconds],
    ['queue_requests_per_second', 'Number of requests per second', report.requestCount / periodSeconds],
  ];
  let out = '';
  for (const [name, help, value] of series) {
    out += `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name}${l} ${formatValue(value)}\n`;
  }
  return out;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return String(v);
}
