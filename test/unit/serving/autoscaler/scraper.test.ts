// The HTTP pod scrape against a real loopback "queue-proxy" on its own 127.x address, port 9090.
import http from 'node:http';
import type { Clock } from '../../../../src/lib/controller/clock.js';
import { every } from '../../../../src/lib/serving/autoscaler/every.js';
import { formatQueueMetrics, parseQueueMetrics } from '../../../../src/lib/serving/autoscaler/prometheus.js';
import { QUEUE_METRICS_PORT, httpScrapePod } from '../../../../src/lib/serving/autoscaler/scraper.js';
import { FakeClock } from './fake-clock.js';

describe('httpScrapePod', () => {
  const ip = `127.88.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  let server: http.Server;
  let status = 200;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        req.url === '/metrics'
          ? formatQueueMetrics(
              { podName: 'p1', averageConcurrentRequests: 2, averageProxiedConcurrentRequests: 0, requestCount: 3, proxiedRequestCount: 0 },
              { namespace: 'default', configuration: 'hello', revision: 'hello-00001' },
            )
          : 'nope',
      );
    });
    await new Promise<void>((r) => server.listen(QUEUE_METRICS_PORT, ip, r));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('fetches /metrics from the pod IP on 9090', async () => {
    const text = await httpScrapePod()({ name: 'p1', ip });
    expect(parseQueueMetrics(text, 0).averageConcurrentRequests).toBe(2);
  });

  it('fails on a non-2xx answer and refuses anything but an IP literal', async () => {
    status = 503;
    await expect(httpScrapePod()({ name: 'p1', ip })).rejects.toThrow(`GET request for URL "http://${ip}:9090/metrics" returned HTTP status 503`);
    status = 200;
    await expect(httpScrapePod()({ name: 'p1', ip: 'example.com' })).rejects.toThrow('invalid pod IP "example.com"');
  });
});

describe('every', () => {
  it('repeats at a fixed rate until stopped', async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    const t0 = clock.now();
    const stop = every(clock, 1000, () => at.push(clock.now() - t0));
    await clock.advance(3500);
    expect(at).toEqual([1000, 2000, 3000]);
    stop();
    await clock.advance(3000);
    expect(at).toHaveLength(3);
    expect(clock.pending()).toBe(0);
  });

  it('keeps its schedule when timers fire late, and drops runs a whole period behind', () => {
    // A hand-driven clock: each timer is fired by the test at a chosen (late) time.
    let now = 0;
    const timers: { fn: () => void; due: number }[] = [];
    const clock = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => timers.push({ fn, due: now + ms }),
      clearTimeout: () => undefined,
    } as unknown as Clock;
    const at: number[] = [];
    every(clock, 1000, () => at.push(now));
    const fireLate = (lateMs: number): void => {
      const t = timers.shift()!;
      now = t.due + lateMs;
      t.fn();
    };
    fireLate(40);
    fireLate(40);
    fireLate(40);
    // Each run was 40 ms late, yet the next is due on the original grid.
    expect(at).toEqual([1040, 2040, 3040]);
    expect(timers[0].due).toBe(4000);
    // Blocked for 2.5 periods: the missed runs are skipped, the grid is kept.
    fireLate(2500);
    expect(at[3]).toBe(6500);
    expect(timers[0].due).toBe(7000);
  });

  it('runs on a phase of the clock when given one (mid-bucket for the stat feeds)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 0, 0, 0, 730));
    const at: number[] = [];
    const stop = every(clock, 1000, () => at.push(clock.now() % 1000), 500);
    await clock.advance(3000);
    stop();
    expect(at).toEqual([500, 500, 500]);
  });
});
