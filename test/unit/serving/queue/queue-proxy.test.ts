import http from 'node:http';
import { runQueueProxy } from '../../../../src/lib/serving/queue/queue-proxy.js';
import type { QueueProxyHandle } from '../../../../src/lib/serving/queue/queue-proxy.js';
import { Backend, send, startServer } from '../../networking/loopback.js';

const fastProbe = { aggressiveIntervalMs: 5, aggressiveAttemptTimeoutMs: 50, aggressiveBudgetMs: 60 };
const probeHeaders = { 'user-agent': 'kube-probe/1.30', 'k-network-probe': 'queue' };

function env(userPort: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CONTAINER_CONCURRENCY: '0',
    QUEUE_SERVING_PORT: '0',
    QUEUE_ADMIN_PORT: '0',
    QUEUE_H2C_PORT: '0',
    QUEUE_METRICS_PORT: '0',
    USER_PORT: String(userPort),
    REVISION_TIMEOUT_SECONDS: '300',
    SERVING_NAMESPACE: 'default',
    SERVING_CONFIGURATION: 'hello',
    SERVING_REVISION: 'hello-00001',
    SERVING_POD: 'hello-00001-deployment-abc',
    POD_IP: '127.0.0.1',
    SERVING_READINESS_PROBE: JSON.stringify({ tcpSocket: { port: userPort, host: '127.0.0.1' }, successThreshold: 1 }),
    QUEUE_DRAIN_QUIET_SECONDS: '0',
    ...extra,
  };
}

describe('queue-proxy over loopback', () => {
  let user: Backend;
  const held: http.ServerResponse[] = [];
  let heldArrived: (() => void) | undefined;
  const running: QueueProxyHandle[] = [];

  const start = async (extra: Record<string, string> = {}, now?: () => number): Promise<QueueProxyHandle> => {
    const h = await runQueueProxy(env(user.port, extra), { probeTimings: fastProbe, pendingPollMs: 5, ...(now ? { now } : {}) });
    running.push(h);
    return h;
  };

  beforeAll(async () => {
    user = await startServer((req, res) => {
      if (req.url === '/hold') {
        held.push(res);
        heldArrived?.();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, headers: req.headers }));
    });
  });

  afterEach(async () => {
    for (const r of held.splice(0)) r.end('released');
    await Promise.all(running.splice(0).map((h) => h.close()));
  });

  afterAll(() => user.close());

  it('proxies to the user container, keeping Host and dropping the routing headers', async () => {
    const qp = await start();
    const r = await send(qp.ports.serving, {
      host: 'hello.default.example.com',
      path: '/a?b=1',
      headers: { 'knative-serving-revision': 'hello-00001', 'knative-serving-namespace': 'default', 'x-user': '1' },
    });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body);
    expect(seen.url).toBe('/a?b=1');
    expect(seen.headers.host).toBe('hello.default.example.com');
    expect(seen.headers['x-user']).toBe('1');
    expect(seen.headers['knative-serving-revision']).toBeUndefined();
    // The h2c port (8013 upstream) serves the same handler.
    expect((await send(qp.ports.h2c, { path: '/h2c' })).status).toBe(200);
  });

  it('answers probes: 200 "queue" when the user container listens, 400 on a bad value, 503 when it does not', async () => {
    const qp = await start();
    expect(await send(qp.ports.serving, { headers: probeHeaders })).toMatchObject({ status: 200, body: 'queue' });
    expect(await send(qp.ports.serving, { headers: { 'user-agent': 'kube-probe/1.30', 'k-network-probe': 'x' } })).toMatchObject({
      status: 400,
      body: 'unexpected probe header value: x\n',
    });
    const closed = await startServer(() => undefined);
    await closed.close();
    const dead = await runQueueProxy(env(closed.port), { probeTimings: fastProbe });
    running.push(dead);
    expect((await send(dead.ports.serving, { headers: probeHeaders })).status).toBe(503);
  });

  it('limits concurrency with a bounded queue and fails fast with 503 when full', async () => {
    const qp = await start({ CONTAINER_CONCURRENCY: '1' });
    const arrived = new Promise<void>((r) => (heldArrived = r));
    const first = send(qp.ports.serving, { path: '/hold' });
    await arrived;
    heldArrived = undefined;
    // One in flight; the next ten wait in the queue (10 × CC); the twelfth is refused at once.
    const queued = Array.from({ length: 10 }, () => send(qp.ports.serving, { path: '/q' }));
    // Wait until all eleven are inside the queue-proxy (the admin port reports pending requests).
    for (let i = 0; i < 200; i++) {
      if ((await send(qp.ports.admin, { path: '/drain-complete' })).body === 'pending requests: 11') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const refused = await send(qp.ports.serving, { path: '/q' });
    expect(refused).toMatchObject({ status: 503, body: 'pending request queue full\n' });
    held.shift()!.end('released');
    expect((await first).body).toBe('released');
    expect((await Promise.all(queued)).map((r) => r.status)).toEqual(Array(10).fill(200));
  });

  it('answers 504 "request timeout" when the response does not start in time', async () => {
    const qp = await start({ REVISION_RESPONSE_START_TIMEOUT_SECONDS: '1' });
    const r = await send(qp.ports.serving, { path: '/hold' });
    expect(r).toMatchObject({ status: 504, body: 'request timeout' });
  });

  it('exposes request metrics in Prometheus text on the metrics port', async () => {
    let t = 0;
    const qp = await start({}, () => t);
    await send(qp.ports.serving, { path: '/1' });
    await send(qp.ports.serving, { path: '/2', headers: { 'k-proxy-request': 'activator' } });
    t = 1000;
    qp.reportNow();
    const m = await send(qp.ports.metrics, { path: '/metrics' });
    expect(m.status).toBe(200);
    expect(m.headers['content-type']).toContain('text/plain; version=0.0.4');
    const labels = '{destination_configuration="hello",destination_namespace="default",destination_pod="hello-00001-deployment-abc",destination_revision="hello-00001"}';
    expect(m.body).toContain(`queue_requests_per_second${labels} 2\n`);
    expect(m.body).toContain(`queue_proxied_operations_per_second${labels} 1\n`);
    expect(m.body).toContain(`process_uptime${labels} 1\n`);
  });

  it('drains on shutdown: probes fail, in-flight requests finish, then the servers close', async () => {
    const qp = await start();
    const arrived = new Promise<void>((r) => (heldArrived = r));
    const inflight = send(qp.ports.serving, { path: '/hold' });
    await arrived;
    heldArrived = undefined;
    const done = qp.shutdown();
    expect(await send(qp.ports.admin, { path: '/drain-complete' })).toMatchObject({ status: 503, body: 'pending requests: 1' });
    expect(await send(qp.ports.serving, { headers: probeHeaders })).toMatchObject({ status: 503, body: 'shutting down' });
    held.shift()!.end('finished');
    expect((await inflight).body).toBe('finished');
    await done;
    await expect(send(qp.ports.serving)).rejects.toThrow();
    running.splice(running.indexOf(qp), 1);
  });
});
