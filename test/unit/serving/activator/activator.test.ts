// The activator with real loopback HTTP: a standalone activator server in front of "pods" that are
// plain HTTP servers on 127.0.0.1. Timeouts run on a FakeClock.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Activator, type ActivatorDeps } from '../../../../src/lib/serving/activator/activator.js';
import { type ActivatorServer, startActivatorServer } from '../../../../src/lib/serving/activator/server.js';
import type { Stat } from '../../../../src/lib/serving/autoscaler/metrics.js';
import { FakeClock, settle } from '../autoscaler/fake-clock.js';

const target = { namespace: 'default', revision: 'hello-00001' };
const revHeaders = { 'knative-serving-revision': 'hello-00001', 'knative-serving-namespace': 'default' };

interface Pod {
  address: string;
  seen: http.IncomingMessage[];
  /** Requests being held (when `hold` is on), answer them with respond(). */
  held: http.ServerResponse[];
  maxConcurrent: number;
  close(): Promise<void>;
}

async function startPod(name: string, hold = false): Promise<Pod> {
  let active = 0;
  const pod: Pod = { address: '', seen: [], held: [], maxConcurrent: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    pod.seen.push(req);
    active++;
    pod.maxConcurrent = Math.max(pod.maxConcurrent, active);
    res.on('close', () => active--);
    req.resume();
    req.on('end', () => {
      if (hold) pod.held.push(res);
      else res.end(`hello from ${name}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  pod.address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  pod.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return pod;
}

interface Reply {
  status: number;
  body: string;
}

function send(port: number, headers: http.OutgoingHttpHeaders = revHeaders, body = ''): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/greet?x=1', method: body ? 'POST' : 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Waits for a condition driven by I/O in this process; bounded, no timers.
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20_000; i++) {
    if (cond()) return;
    await new Promise<void>((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Activator over loopback HTTP', () => {
  let server: ActivatorServer | undefined;
  const pods: Pod[] = [];
  const demand: Array<[string, string, Stat]> = [];

  async function start(over: Partial<ActivatorDeps> = {}, info = { containerConcurrency: 0, timeoutSeconds: 300 }): Promise<Activator> {
    const activator = new Activator({
      lookupRevision: (t) => (t.revision === 'hello-00001' && t.namespace === 'default' ? info : undefined),
      onDemand: (ns, rev, stat) => demand.push([ns, rev, stat]),
      ...over,
    });
    server = await startActivatorServer(activator);
    return activator;
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
    await Promise.all(pods.splice(0).map((p) => p.close()));
    demand.length = 0;
  });

  it('holds a request until an endpoint appears, pokes the autoscaler, and forwards with the proxy header', async () => {
    const activator = await start();
    const pending = send(server!.port, revHeaders, 'payload');
    await until(() => demand.length === 1, 'the demand poke');
    expect(demand[0][0]).toBe('default');
    expect(demand[0][1]).toBe('hello-00001');
    expect(demand[0][2].averageConcurrentRequests).toBe(1);
    expect(activator.waiting().get('default/hello-00001')).toBe(1);

    const pod = await startPod('pod-a');
    pods.push(pod);
    activator.endpointsChanged(target, [pod.address]);
    expect(await pending).toEqual({ status: 200, body: 'hello from pod-a' });
    expect(pod.seen[0].headers['k-proxy-request']).toBe('activator');
    expect(pod.seen[0].url).toBe('/greet?x=1');
    expect(pod.seen[0].method).toBe('POST');
  });

  it('loses none of a burst that arrives at zero', async () => {
    const activator = await start();
    const burst = Array.from({ length: 40 }, () => send(server!.port));
    await until(() => activator.waiting().get('default/hello-00001') === 40, 'all 40 queued');
    const [a, b] = [await startPod('a'), await startPod('b')];
    pods.push(a, b);
    activator.endpointsChanged(target, [a.address, b.address]);
    const replies = await Promise.all(burst);
    expect(replies.every((r) => r.status === 200 && r.body.startsWith('hello from'))).toBe(true);
    expect(a.seen.length + b.seen.length).toBe(40);
    // One poke for the idle → busy transition, not one per request.
    expect(demand).toHaveLength(1);
  });

  it('answers 503 when the queue is full', async () => {
    const activator = await start({ queueDepth: 2 });
    const held = [send(server!.port), send(server!.port)];
    await until(() => activator.waiting().get('default/hello-00001') === 2, 'two queued');
    expect(await send(server!.port)).toEqual({ status: 503, body: 'pending request queue full\n' });
    const pod = await startPod('p');
    pods.push(pod);
    activator.endpointsChanged(target, [pod.address]);
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
  });

  it('answers 503 when the revision timeout runs out while queued', async () => {
    const clock = new FakeClock();
    const activator = await start({ clock }, { containerConcurrency: 0, timeoutSeconds: 2 });
    const pending = send(server!.port);
    await until(() => activator.waiting().get('default/hello-00001') === 1, 'queued');
    await clock.advance(1999);
    expect(activator.waiting().get('default/hello-00001')).toBe(1);
    await clock.advance(1);
    expect(await pending).toEqual({ status: 503, body: 'context deadline exceeded\n' });
  });

  it('answers 504 when the pod does not answer within the revision timeout', async () => {
    const clock = new FakeClock();
    const activator = await start({ clock }, { containerConcurrency: 0, timeoutSeconds: 1 });
    const pod = await startPod('slow', true);
    pods.push(pod);
    activator.endpointsChanged(target, [pod.address]);
    const pending = send(server!.port);
    await until(() => pod.held.length === 1, 'the pod to get the request');
    await clock.advance(1000);
    expect(await pending).toEqual({ status: 504, body: 'activator request timeout\n' });
  });

  it('sends one request at a time to a containerConcurrency=1 pod', async () => {
    const activator = await start({}, { containerConcurrency: 1, timeoutSeconds: 300 });
    const pod = await startPod('one', true);
    pods.push(pod);
    activator.endpointsChanged(target, [pod.address]);
    const replies = [send(server!.port), send(server!.port), send(server!.port)];
    await until(() => pod.held.length === 1 && activator.waiting().get('default/hello-00001') === 2, 'one in, two waiting');
    for (let i = 1; i <= 3; i++) {
      await until(() => pod.held.length === i, `request ${i} at the pod`);
      await settle();
      expect(pod.held.length).toBe(i); // the next one only comes after this one is answered
      pod.held[i - 1].end(`r${i}`);
    }
    expect((await Promise.all(replies)).map((r) => r.body)).toEqual(['r1', 'r2', 'r3']);
    expect(pod.maxConcurrent).toBe(1);
  });

  it('answers 404 for an unknown or unnamed revision', async () => {
    await start();
    expect(await send(server!.port, { 'knative-serving-revision': 'nope', 'knative-serving-namespace': 'default' })).toEqual({
      status: 404,
      body: 'Error getting active endpoint: revision.serving.knative.dev "nope" not found\n',
    });
    expect((await send(server!.port, { host: 'example.com' })).status).toBe(404);
  });

  it('finds the revision from a cluster-local Host and reports 502 when the pod is gone', async () => {
    const activator = await start();
    const pod = await startPod('gone');
    const dead = pod.address;
    await pod.close();
    activator.endpointsChanged(target, [dead]);
    const r = await send(server!.port, { host: 'hello-00001.default.svc.cluster.local' });
    expect(r.status).toBe(502);
  });

  it('reports its own load per revision for the autoscaler', async () => {
    const clock = new FakeClock();
    const activator = await start({ clock });
    const pending = send(server!.port);
    await until(() => activator.waiting().get('default/hello-00001') === 1, 'queued');
    await clock.advance(1000);
    const [s] = activator.collectStats();
    expect(s.revision).toBe('hello-00001');
    expect(s.stat.averageConcurrentRequests).toBe(1);
    expect(s.stat.requestCount).toBe(1);
    const pod = await startPod('p');
    pods.push(pod);
    activator.endpointsChanged(target, [pod.address]);
    expect((await pending).status).toBe(200);
  });
});

describe('Activator as the gateway hook', () => {
  it('points a revision without endpoints at the activator server and tags the request', async () => {
    const activator = new Activator({ lookupRevision: () => ({ containerConcurrency: 0 }) });
    const hook = activator.gatewayHook('127.0.0.1:8012');
    const req = { headers: {} } as http.IncomingMessage;
    expect(await hook({ namespace: 'default', service: 'hello-00001' }, req)).toBe('127.0.0.1:8012');
    expect(req.headers).toEqual(revHeaders);
    activator.close();
    expect(await hook({ namespace: 'default', service: 'hello-00001' }, req)).toBeNull();
    expect(() => activator.gatewayHook('example.com:80')).toThrow('invalid activator address');
  });
});

describe('Activator when the client gives up', () => {
  it('drops a queued request whose client hung up', async () => {
    const activator = new Activator({ lookupRevision: () => ({ containerConcurrency: 0 }) });
    const server = await startActivatorServer(activator);
    try {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: '/', headers: revHeaders, agent: false });
      req.on('error', () => {});
      req.end();
      await until(() => activator.waiting().get('default/hello-00001') === 1, 'queued');
      req.destroy();
      await until(() => activator.waiting().get('default/hello-00001') === 0, 'dropped');
      expect(activator.tracker.concurrency('default/hello-00001')).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('Activator forwarding', () => {
  it('forwards a chunked body and drops hop-by-hop headers', async () => {
    const activator = new Activator({ lookupRevision: () => ({ containerConcurrency: 0 }) });
    const server = await startActivatorServer(activator);
    let seen: { body: string; headers: http.IncomingHttpHeaders } | undefined;
    const pod = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { body, headers: req.headers };
        res.writeHead(201, { 'x-app': 'yes', connection: 'keep-alive' });
        res.end('made');
      });
    });
    await new Promise<void>((r) => pod.listen(0, '127.0.0.1', r));
    activator.endpointsChanged(target, [`127.0.0.1:${(pod.address() as AddressInfo).port}`]);
    try {
      const reply = await new Promise<{ status: number; body: string; app?: string }>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.1', port: server.port, method: 'POST', path: '/', agent: false, headers: { ...revHeaders, connection: 'x-secret', 'x-secret': 's', 'transfer-encoding': 'chunked' } },
          (res) => {
            let b = '';
            res.on('data', (c) => (b += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, app: res.headers['x-app'] as string }));
          },
        );
        req.on('error', reject);
        req.write('part1-');
        req.end('part2');
      });
      expect(reply).toEqual({ status: 201, body: 'made', app: 'yes' });
      expect(seen?.body).toBe('part1-part2');
      expect(seen?.headers['x-secret']).toBeUndefined();
      expect(seen?.headers['k-proxy-request']).toBe('activator');
    } finally {
      await server.close();
      pod.closeAllConnections();
      await new Promise<void>((r) => pod.close(() => r()));
    }
  });
});
