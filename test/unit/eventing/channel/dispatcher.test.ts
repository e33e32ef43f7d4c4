import { ChannelDispatcher } from '../../../../src/lib/eventing/channel/dispatcher.js';
import { channelHost, type ChannelConfig } from '../../../../src/lib/eventing/channel/config.js';
import { Dispatcher } from '../../../../src/lib/eventing/delivery/dispatcher.js';
import { toDeliveryPolicy } from '../../../../src/lib/eventing/delivery/spec.js';
import { listen, type RunningServer } from '../../../../src/lib/eventing/http/server.js';
import { FakeClock } from '../fake-clock.js';
import { binaryHeaders, ok, startSink, status, type Sink } from '../sink.js';
import http from 'node:http';

/** POST with an explicit Host header (fetch does not allow overriding it). */
function postWithHost(url: string, host: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { ...headers, host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('InMemoryChannel dispatcher', () => {
  let dispatcher: ChannelDispatcher;
  let server: RunningServer;
  const sinks: Sink[] = [];
  const sink = async (...args: Parameters<typeof startSink>) => {
    const s = await startSink(...args);
    sinks.push(s);
    return s;
  };
  const host = channelHost('default', 'ch');
  const channel = (subscribers: ChannelConfig['subscribers'], extra: Partial<ChannelConfig> = {}): ChannelConfig => ({
    namespace: 'default',
    name: 'ch',
    host,
    subscribers,
    ...extra,
  });

  beforeEach(async () => {
    dispatcher = new ChannelDispatcher({ dispatcher: new Dispatcher({ clock: new FakeClock() }) });
    server = await listen(dispatcher.handler());
  });
  afterEach(async () => {
    await server.close();
    await Promise.all(sinks.splice(0).map((s) => s.close()));
  });

  it('fans out to two subscribers and answers 202 (channel found by Host)', async () => {
    const a = await sink();
    const b = await sink();
    dispatcher.table.setChannel(channel([
      { uid: 'a', subscriberUri: a.url, delivery: toDeliveryPolicy(undefined) },
      { uid: 'b', subscriberUri: b.url, delivery: toDeliveryPolicy(undefined) },
    ]));
    expect(await postWithHost(server.url, `${host}:80`, binaryHeaders(), '{"x":1}')).toBe(202);
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(1);
    expect(a.received[0].event?.id).toBe('e1');
  });

  it('finds the channel by /<namespace>/<name> path too', async () => {
    const a = await sink();
    dispatcher.table.setChannel(channel([{ uid: 'a', subscriberUri: a.url, delivery: toDeliveryPolicy(undefined) }]));
    expect(await postWithHost(`${server.url}/default/ch`, 'whatever', binaryHeaders(), '{}')).toBe(202);
    expect(a.received).toHaveLength(1);
  });

  it.each([
    ['unknown host', '/', 'nope.default.svc.cluster.local', 404],
    ['bad path', '/a/b/c', host, 400],
  ])('%s', async (_n, path, h, code) => {
    dispatcher.table.setChannel(channel([]));
    expect(await postWithHost(`${server.url}${path}`, h, binaryHeaders(), '{}')).toBe(code);
  });

  it('rejects an invalid event with 400', async () => {
    dispatcher.table.setChannel(channel([]));
    expect(await postWithHost(server.url, host, { 'content-type': 'application/json' }, '{}')).toBe(400);
  });

  it('sends reply events to the replyUri', async () => {
    const replier = await sink((_n, _g, res) => {
      res.writeHead(200, { 'ce-id': 'r', 'ce-source': '/r', 'ce-type': 'reply', 'ce-specversion': '1.0' });
      res.end();
    });
    const replies = await sink();
    dispatcher.table.setChannel(channel([{ uid: 'a', subscriberUri: replier.url, replyUri: replies.url, delivery: toDeliveryPolicy(undefined) }]));
    expect(await postWithHost(server.url, host, binaryHeaders(), '{}')).toBe(202);
    expect(replies.received[0].event?.type).toBe('reply');
  });

  it('retries per subscriber, dead-letters, and reports 500 when a subscriber is lost', async () => {
    const good = await sink();
    const flaky = await sink((n, g, res) => (n < 2 ? status(500)(n, g, res) : ok(n, g, res)));
    const bad = await sink(status(500));
    const dls = await sink();
    dispatcher.table.setChannel(channel([
      { uid: 'good', subscriberUri: good.url, delivery: toDeliveryPolicy(undefined) },
      { uid: 'flaky', subscriberUri: flaky.url, delivery: toDeliveryPolicy({ retry: 2 }) },
      { uid: 'bad', subscriberUri: bad.url, delivery: toDeliveryPolicy({ retry: 1 }, dls.url) },
    ]));
    expect(await postWithHost(server.url, host, binaryHeaders(), '{}')).toBe(202);
    expect(flaky.received).toHaveLength(3);
    expect(dls.received[0].event?.knativeerrordest).toBe(bad.url);

    dispatcher.table.setChannel(channel([{ uid: 'bad', subscriberUri: bad.url, delivery: toDeliveryPolicy(undefined) }]));
    expect(await postWithHost(server.url, host, binaryHeaders(), '{}')).toBe(500);
  });

  it('answers 202 at once with the async handler', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = await sink((n, g, res) => void gate.then(() => ok(n, g, res)));
    dispatcher.table.setChannel(channel([{ uid: 's', subscriberUri: slow.url, delivery: toDeliveryPolicy(undefined) }], { asyncHandler: true }));
    expect(await postWithHost(server.url, host, binaryHeaders(), '{}')).toBe(202);
    await slow.waitFor(1);
    release();
  });
});
