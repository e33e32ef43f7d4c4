import { populationMeanSampleSize } from '../../../../src/lib/serving/autoscaler/metrics.js';
import { formatQueueMetrics, parseQueueMetrics } from '../../../../src/lib/serving/autoscaler/prometheus.js';
import { scrapeRevision } from '../../../../src/lib/serving/autoscaler/scraper.js';

const labels = { namespace: 'default', configuration: 'hello', revision: 'hello-00001' };

function text(pod: string, concurrency: number, rps = 0, proxied = 0): string {
  return formatQueueMetrics(
    { podName: pod, averageConcurrentRequests: concurrency, averageProxiedConcurrentRequests: proxied, requestCount: rps, proxiedRequestCount: 0 },
    labels,
  );
}

describe('queue-proxy metrics text', () => {
  it('round-trips through format and parse', () => {
    const s = parseQueueMetrics(text('hello-00001-deployment-abc', 3.5, 12, 1), 42);
    expect(s).toEqual({
      time: 42,
      podName: 'hello-00001-deployment-abc',
      averageConcurrentRequests: 3.5,
      averageProxiedConcurrentRequests: 1,
      requestCount: 12,
      proxiedRequestCount: 0,
    });
  });

  it('reads upstream-shaped text with comments and other families', () => {
    const body = [
      '# HELP go_goroutines x',
      'go_goroutines 7',
      'queue_requests_per_second{destination_namespace="test-namespace",destination_revision="test-revision",destination_pod="test-revision-1234"} 5',
      'queue_proxied_operations_per_second{destination_pod="test-revision-1234"} 2',
      'queue_average_concurrent_requests{destination_pod="test-revision-1234"} 3.0',
      'queue_average_proxied_concurrent_requests{destination_pod="test-revision-1234"} 2.0',
      'process_uptime{destination_pod="test-revision-1234"} 2937.12',
    ].join('\n');
    const s = parseQueueMetrics(body, 0);
    expect(s.podName).toBe('test-revision-1234');
    expect(s.averageConcurrentRequests).toBe(3);
    expect(s.processUptime).toBeCloseTo(2937.12);
  });

  it('names the missing metric', () => {
    expect(() => parseQueueMetrics('queue_requests_per_second{destination_pod="p"} 1\n', 0)).toThrow(
      'could not find value for queue_average_concurrent_requests in response',
    );
    expect(() => parseQueueMetrics(text('', 1), 0)).toThrow('could not find pod name in metric labels');
  });
});

describe('scraping a revision', () => {
  it.each([
    [0, 0],
    [1, 1],
    [3, 3],
    [4, 4],
    [10, 7], // ceil(10 × 15.3664 / 24.3664)
    [100, 14],
  ])('samples %p ready pods with %p scrapes', (n, size) => {
    expect(populationMeanSampleSize(n)).toBe(size);
  });

  it('multiplies the sample average by the ready pod count', async () => {
    const pods = Array.from({ length: 10 }, (_, i) => ({ name: `p${i}`, ip: `127.0.0.${i + 2}` }));
    const asked: string[] = [];
    const stat = await scrapeRevision(
      pods,
      async (p) => {
        asked.push(p.name);
        return text(p.name, 2, 4);
      },
      () => 7,
    );
    // 7 of 10 scraped, each reporting 2 ⇒ 2 × 10 pods = 20.
    expect(asked).toHaveLength(7);
    expect(stat?.averageConcurrentRequests).toBe(20);
    expect(stat?.requestCount).toBe(40);
    expect(stat?.podName).toBe('service-scraper');
  });

  it('moves on past failing pods, and fails when the sample cannot be filled', async () => {
    const pods = [1, 2, 3, 4].map((i) => ({ name: `p${i}`, ip: `127.0.0.${i}` }));
    const flaky = async (p: { name: string }): Promise<string> => {
      if (p.name === 'p1') throw new Error('connection refused');
      return text(p.name, 1);
    };
    // 4 pods ⇒ sample of 4; one fails ⇒ only 3 ⇒ error, nothing recorded.
    await expect(scrapeRevision(pods, flaky, () => 0)).rejects.toThrow('scraped 3 of 4 pods: connection refused');
    // 10 pods ⇒ sample of 7; a failing pod is replaced by the next one.
    const ten = Array.from({ length: 10 }, (_, i) => ({ name: `p${i + 1}`, ip: `127.0.0.${i + 2}` }));
    expect((await scrapeRevision(ten, flaky, () => 0))?.averageConcurrentRequests).toBe(10);
    expect(await scrapeRevision([], flaky, () => 0)).toBeUndefined();
  });
});
