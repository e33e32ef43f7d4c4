import { RequestStats } from '../../../../src/lib/serving/queue/stats.js';
import { renderAutoscalingMetrics } from '../../../../src/lib/serving/queue/prometheus.js';

describe('RequestStats', () => {
  it('averages concurrency over time and counts requests per period', () => {
    const s = new RequestStats(0);
    s.requestIn(0, false); // 1 in flight for 500 ms
    s.requestIn(500, true); // 2 in flight for 250 ms
    s.requestOut(750, true); // 1 in flight for 250 ms
    expect(s.report(1000)).toEqual({
      averageConcurrency: (1 * 500 + 2 * 250 + 1 * 250) / 1000,
      averageProxiedConcurrency: (1 * 250) / 1000,
      requestCount: 2,
      proxiedRequestCount: 1,
    });
    // The still-running request carries over into the next period; counts reset.
    expect(s.report(2000)).toEqual({ averageConcurrency: 1, averageProxiedConcurrency: 0, requestCount: 0, proxiedRequestCount: 0 });
  });

  it('ignores events older than the last change and reports zero over an empty period', () => {
    const s = new RequestStats(1000);
    s.requestIn(900, false);
    expect(s.report(1000)).toEqual({ averageConcurrency: 0, averageProxiedConcurrency: 0, requestCount: 1, proxiedRequestCount: 0 });
  });
});

describe('renderAutoscalingMetrics', () => {
  it('renders upstream metric and label names in Prometheus text format', () => {
    const text = renderAutoscalingMetrics(
      { averageConcurrency: 1.5, averageProxiedConcurrency: 0.5, requestCount: 4, proxiedRequestCount: 2 },
      { namespace: 'default', configuration: 'hello', revision: 'hello-00001', pod: 'hello-00001-deployment-x"y' },
      2,
      12.5,
    );
    const l = '{destination_configuration="hello",destination_namespace="default",destination_pod="hello-00001-deployment-x\\"y",destination_revision="hello-00001"}';
    expect(text).toBe(
      [
        '# HELP process_uptime The number of seconds that the process has been up',
        '# TYPE process_uptime gauge',
        `process_uptime${l} 12.5`,
        '# HELP queue_average_concurrent_requests Number of requests currently being handled by this pod',
        '# TYPE queue_average_concurrent_requests gauge',
        `queue_average_concurrent_requests${l} 1.5`,
        '# HELP queue_average_proxied_concurrent_requests Number of proxied requests currently being handled by this pod',
        '# TYPE queue_average_proxied_concurrent_requests gauge',
        `queue_average_proxied_concurrent_requests${l} 0.5`,
        '# HELP queue_proxied_operations_per_second Number of proxied requests per second',
        '# TYPE queue_proxied_operations_per_second gauge',
        `queue_proxied_operations_per_second${l} 1`,
        '# HELP queue_requests_per_second Number of requests per second',
        '# TYPE queue_requests_per_second gauge',
        `queue_requests_per_second${l} 2`,
        '',
      ].join('\n'),
    );
  });
});
