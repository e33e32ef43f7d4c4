// Behaviour: Eventing end to end in the local control plane (in-process daemon, the real bundled kn
// CLI, kubectl for logs). The tutorial flow: event-display service, default broker, a trigger
// filtered on type, events posted to the gateway with the broker-ingress Host header; a PingSource
// on a fast clock; channel fan-out to two subscriptions; a dead subscriber ending in the dead-letter
// sink. Tests run in order on one cluster.
import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import type { Clock } from '../../src/lib/eventing/clock.js';
import { eventually, freePort, kn, kubectl, startLocalCluster, type LocalCluster } from '../helpers/local-cluster.js';
import { startSink, type Sink } from '../unit/eventing/sink.js';

const BROKER_HOST = 'broker-ingress.knative-eventing.svc.cluster.local';

// Real time, except that a sleep of a minute takes at most 1.5 s (the clock jumps the rest), so a
// `* * * * *` PingSource fires every ~1.5 s instead of every minute.
class FastClock implements Clock {
  private offset = 0;
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const real = Math.min(ms, 1500);
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        this.offset += Math.max(0, ms - real);
        resolve();
      }, Math.max(0, real));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** POSTs a binary-mode CloudEvent to the gateway with a Host header; resolves with the status. */
function postEvent(cluster: LocalCluster, host: string, path: string, attrs: Record<string, string>, data: string, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), 'ce-specversion': '1.0' };
    for (const [k, v] of Object.entries(attrs)) headers[`ce-${k}`] = v;
    const req = http.request({ host: '127.0.0.1', port: cluster.gatewayPort, method: 'POST', path, headers, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`POST ${host}${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function displayLog(cluster: LocalCluster): Promise<string> {
  const r = await kubectl(cluster, ['logs', '-l', 'serving.knative.dev/service=event-display', '-c', 'user-container', '--tail=-1']);
  return r.stdout;
}

/** Waits until `kn <kind> list` shows `name` with READY True; returns the line. */
async function readyLine(cluster: LocalCluster, args: string[], name: string, limitMs = 30_000): Promise<string> {
  return eventually(`${args.join(' ')} shows ${name} ready`, async () => {
    const r = await kn(cluster, args);
    const line = r.stdout.split('\n').find((l) => l.startsWith(`${name} `));
    return line && /\sTrue\s/.test(`${line} `) ? line : undefined;
  }, limitMs, 300);
}

let cluster: LocalCluster;
const sinks: Sink[] = [];

beforeAll(async () => {
  cluster = await startLocalCluster({ pingClock: new FastClock() });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  await Promise.all(sinks.map((s) => s.close()));
}, 60_000);

describe('eventing against the local control plane', () => {
  jest.setTimeout(90_000);

  it('broker and trigger deliver matching events to event-display, and only those', async () => {
    const svc = await kn(cluster, ['service', 'create', 'event-display', '--image', 'gcr.io/knative-releases/knative.dev/eventing/cmd/event_display']);
    expect(svc.stderr).toBe('');
    expect(svc.code).toBe(0);

    const created = await kn(cluster, ['broker', 'create', 'default']);
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain("Broker 'default' successfully created in namespace 'default'.");
    const line = await readyLine(cluster, ['broker', 'list'], 'default');
    expect(line).toMatch(/^default\s+http:\/\/broker-ingress\.knative-eventing\.svc\.cluster\.local\/default\/default\s+\S+\s+7 OK \/ 7\s+True/);

    const trig = await kn(cluster, ['trigger', 'create', 't', '--broker', 'default', '--filter', 'type=dev.example', '--sink', 'ksvc:event-display']);
    expect(trig.stderr).toBe('');
    expect(trig.code).toBe(0);
    await readyLine(cluster, ['trigger', 'list'], 't');
    const uri = await kubectl(cluster, ['get', 'trigger', 't', '-o', 'jsonpath={.status.subscriberUri}']);
    expect(uri.stdout).toBe('http://event-display.default.svc.cluster.local');

    expect(await postEvent(cluster, BROKER_HOST, '/default/default', { id: 'skip-1', source: 'e2e', type: 'dev.other' }, '{"n":0}')).toBe(202);
    expect(await postEvent(cluster, BROKER_HOST, '/default/default', { id: 'match-1', source: 'e2e', type: 'dev.example' }, '{"n":1}')).toBe(202);
    const log = await eventually('event-display logs match-1', async () => {
      const l = await displayLog(cluster);
      return l.includes('id: match-1') ? l : undefined;
    });
    expect(log).toContain('type: dev.example');
    expect(log).toContain('knativearrivaltime');
    expect(log).not.toContain('skip-1');
    // The gateway reaches the ingress through the broker-ingress Service and its Endpoints.
    const eps = await kubectl(cluster, ['-n', 'knative-eventing', 'get', 'endpoints', 'broker-ingress', '-o', 'jsonpath={.subsets[0].addresses[0].ip}']);
    expect(eps.stdout).toBe('127.0.0.1');
    // Unknown broker: 404 from the ingress.
    expect(await postEvent(cluster, BROKER_HOST, '/default/nope', { id: 'x', source: 'e2e', type: 'dev.example' }, '{}')).toBe(404);
  });

  it('a PingSource fires into event-display', async () => {
    const r = await kn(cluster, ['source', 'ping', 'create', 'p', '--schedule', '* * * * *', '--data', '{"m":"hi"}', '--sink', 'ksvc:event-display']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await eventually('pingsource sinkUri', async () => {
      const s = await kubectl(cluster, ['get', 'pingsource', 'p', '-o', 'jsonpath={.status.sinkUri}']);
      return s.stdout === 'http://event-display.default.svc.cluster.local' ? true : undefined;
    });
    const log = await eventually('event-display logs a ping', async () => {
      const l = await displayLog(cluster);
      return l.includes('type: dev.knative.sources.ping') ? l : undefined;
    });
    expect(log).toContain('source: /apis/v1/namespaces/default/pingsources/p');
    expect(log).toMatch(/"m": "hi"/);
    const del = await kn(cluster, ['source', 'ping', 'delete', 'p']);
    expect(del.code).toBe(0);
  });

  it('a channel fans an event out to both subscriptions', async () => {
    const a = await startSink();
    const b = await startSink();
    sinks.push(a, b);
    expect((await kn(cluster, ['channel', 'create', 'ch'])).code).toBe(0);
    await readyLine(cluster, ['channel', 'list'], 'ch');
    for (const [name, s] of [['s1', a], ['s2', b]] as const) {
      const r = await kn(cluster, ['subscription', 'create', name, '--channel', 'ch', '--sink', s.url]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    await readyLine(cluster, ['subscription', 'list'], 's1');
    await readyLine(cluster, ['subscription', 'list'], 's2');
    const imc = await kubectl(cluster, ['get', 'inmemorychannel', 'ch', '-o', 'jsonpath={.status.address.url}']);
    expect(imc.stdout).toBe('http://ch-kn-channel.default.svc.cluster.local');

    // The broker forwards to the channel's in-cluster address, which local mode resolves.
    expect((await kn(cluster, ['trigger', 'create', 'to-ch', '--broker', 'default', '--filter', 'type=dev.fanout', '--sink', 'channel:ch'])).code).toBe(0);
    await readyLine(cluster, ['trigger', 'list'], 'to-ch');
    expect(await postEvent(cluster, BROKER_HOST, '/default/default', { id: 'fan-1', source: 'e2e', type: 'dev.fanout' }, '{"n":2}')).toBe(202);
    const [ga] = await a.waitFor(1);
    const [gb] = await b.waitFor(1);
    expect(ga.event?.id).toBe('fan-1');
    expect(gb.event?.id).toBe('fan-1');
  });

  it('tutorial YAML: an InMemoryChannel answers on its host through the gateway; the reply goes to the broker', async () => {
    const replier = await startSink((_n, _got, res) => {
      res.writeHead(200, { 'ce-id': 'reply-1', 'ce-source': '/replier', 'ce-type': 'dev.reply', 'ce-specversion': '1.0', 'content-length': 0 });
      res.end();
    });
    const replies = await startSink();
    sinks.push(replier, replies);
    const file = join(cluster.dataDir, 'channel.yaml');
    writeFileSync(file, [
      'apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\nmetadata:\n  name: my-channel\n  namespace: default\n',
      `apiVersion: messaging.knative.dev/v1\nkind: Subscription\nmetadata:\n  name: my-subscription\n  namespace: default\nspec:\n  channel:\n    apiVersion: messaging.knative.dev/v1\n    kind: InMemoryChannel\n    name: my-channel\n  subscriber:\n    uri: ${replier.url}\n  reply:\n    ref:\n      apiVersion: eventing.knative.dev/v1\n      kind: Broker\n      name: default\n`,
    ].join('---\n'));
    const applied = await kubectl(cluster, ['apply', '-f', file]);
    expect(applied.stderr).toBe('');
    await readyLine(cluster, ['subscription', 'list'], 'my-subscription');
    expect((await kn(cluster, ['trigger', 'create', 'on-reply', '--broker', 'default', '--filter', 'type=dev.reply', '--sink', replies.url])).code).toBe(0);
    await readyLine(cluster, ['trigger', 'list'], 'on-reply');

    expect(await postEvent(cluster, 'my-channel-kn-channel.default.svc.cluster.local', '/', { id: 'imc-1', source: 'e2e', type: 'dev.imc' }, '{}')).toBe(202);
    const [got] = await replier.waitFor(1);
    expect(got.event?.id).toBe('imc-1');
    const [reply] = await replies.waitFor(1);
    expect(reply.event?.id).toBe('reply-1');
    expect(reply.event?.knativearrivaltime).toBeDefined();
  });

  it('events for a subscriber that is down end in the dead-letter sink', async () => {
    const dls = await startSink();
    sinks.push(dls);
    const down = await freePort();
    const br = await kn(cluster, ['broker', 'create', 'dlq', '--dl-sink', dls.url, '--retry', '2', '--backoff-policy', 'linear', '--backoff-delay', 'PT0.1S']);
    expect(br.stderr).toBe('');
    await readyLine(cluster, ['broker', 'list'], 'dlq');
    expect((await kn(cluster, ['trigger', 'create', 'dead', '--broker', 'dlq', '--sink', `http://127.0.0.1:${down}/`])).code).toBe(0);
    await readyLine(cluster, ['trigger', 'list'], 'dead');
    expect(await postEvent(cluster, BROKER_HOST, '/default/dlq', { id: 'dead-1', source: 'e2e', type: 'dev.any' }, '{"n":3}')).toBe(202);
    const [got] = await dls.waitFor(1);
    expect(got.event?.id).toBe('dead-1');
    expect(got.event?.knativeerrordest).toBe(`http://127.0.0.1:${down}/`);
  });
});
