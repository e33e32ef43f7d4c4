import { CloudEvent } from 'cloudevents';
import { Dispatcher, MAX_ERROR_DATA_CHARS } from '../../../../src/lib/eventing/delivery/dispatcher.js';
import { toDeliveryPolicy } from '../../../../src/lib/eventing/delivery/spec.js';
import { FakeClock } from '../fake-clock.js';
import { ok, startSink, status, type Sink } from '../sink.js';

const event = new CloudEvent({ id: 'e1', source: '/s', type: 't', datacontenttype: 'text/plain', data: 'hello' }, false);

describe('Dispatcher over HTTP', () => {
  const sinks: Sink[] = [];
  const sink = async (...args: Parameters<typeof startSink>) => {
    const s = await startSink(...args);
    sinks.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((s) => s.close()));
  });

  it('delivers once on 200, with Prefer: reply', async () => {
    const s = await sink();
    const clock = new FakeClock();
    const r = await new Dispatcher({ clock }).dispatch(event, { url: s.url, policy: toDeliveryPolicy({ retry: 3 }) });
    expect(r).toMatchObject({ ok: true, deadLettered: false, status: 200, attempts: 1 });
    expect(s.received[0].headers.prefer).toBe('reply');
    expect(s.received[0].event?.data).toBe('hello');
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a flaky sink (503, 503, 200) with the exponential backoff', async () => {
    const s = await sink((n, got, res) => (n < 2 ? status(503)(n, got, res) : ok(n, got, res)));
    const clock = new FakeClock();
    const policy = toDeliveryPolicy({ retry: 5, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' });
    const r = await new Dispatcher({ clock }).dispatch(event, { url: s.url, policy });
    expect(r).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(clock.sleeps).toEqual([200, 400]);
  });

  it('does not retry a 400', async () => {
    const s = await sink(status(400));
    const r = await new Dispatcher({ clock: new FakeClock() }).dispatch(event, { url: s.url, policy: toDeliveryPolicy({ retry: 5 }) });
    expect(r).toMatchObject({ ok: false, attempts: 1, status: 400 });
  });

  it('retries network errors and then gives up', async () => {
    const s = await sink();
    const url = s.url;
    await s.close();
    const clock = new FakeClock();
    const r = await new Dispatcher({ clock }).dispatch(event, { url, policy: toDeliveryPolicy({ retry: 2, backoffPolicy: 'linear', backoffDelay: 'PT1S' }) });
    expect(r.ok).toBe(false);
    expect(r.attempts).toBe(3);
    expect(clock.sleeps).toEqual([0, 1000]);
  });

  it('sends a permanently failing event to the dead-letter sink with the error extensions', async () => {
    const longBody = 'x'.repeat(2000);
    const failing = await sink(status(500, longBody));
    const dls = await sink();
    const clock = new FakeClock();
    const policy = toDeliveryPolicy({ retry: 2 }, dls.url);
    const r = await new Dispatcher({ clock }).dispatch(event, { url: `${failing.url}/path`, policy });
    expect(r).toMatchObject({ ok: true, deadLettered: true, attempts: 3 });
    expect(dls.received).toHaveLength(1);
    const dead = dls.received[0].event!;
    expect(dead.id).toBe('e1');
    expect(dead.data).toBe('hello');
    expect(dead.knativeerrordest).toBe(`${failing.url}/path`);
    expect(dead.knativeerrorcode).toBe('500');
    const data = dead.knativeerrordata as string;
    expect(data).toHaveLength(MAX_ERROR_DATA_CHARS);
    expect(data).toBe(Buffer.from(longBody).toString('base64').slice(0, MAX_ERROR_DATA_CHARS));
  });

  it('fails when the dead-letter sink fails too', async () => {
    const failing = await sink(status(500));
    const dls = await sink(status(500));
    const r = await new Dispatcher({ clock: new FakeClock() }).dispatch(event, { url: failing.url, policy: toDeliveryPolicy({}, dls.url) });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/dead letter sink/);
  });

  it('honours Retry-After up to retryAfterMax', async () => {
    const s = await sink((n, got, res) => {
      if (n === 0) {
        res.writeHead(429, { 'retry-after': '30', 'content-length': 0 });
        res.end();
      } else ok(n, got, res);
    });
    const clock = new FakeClock();
    const policy = toDeliveryPolicy({ retry: 1, backoffPolicy: 'linear', backoffDelay: 'PT0.1S', retryAfterMax: 'PT10S' });
    await new Dispatcher({ clock }).dispatch(event, { url: s.url, policy });
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('returns the reply event and forwards it to replyUrl', async () => {
    const s = await sink((_n, _got, res) => {
      res.writeHead(200, { 'ce-id': 'r1', 'ce-source': '/reply', 'ce-type': 'reply.t', 'ce-specversion': '1.0', 'content-type': 'text/plain' });
      res.end('pong');
    });
    const replies = await sink();
    const r = await new Dispatcher({ clock: new FakeClock() }).dispatch(event, { url: s.url, replyUrl: replies.url, policy: toDeliveryPolicy({}) });
    expect(r.reply?.id).toBe('r1');
    expect(replies.received[0].event?.data).toBe('pong');
  });

  it('counts a non-event reply body as a retryable 502 in strict mode', async () => {
    const s = await sink(status(200, 'not an event'));
    const dls = await sink();
    const r = await new Dispatcher({ clock: new FakeClock() }).dispatch(event, {
      url: s.url,
      strictReplies: true,
      policy: toDeliveryPolicy({ retry: 1 }, dls.url),
    });
    expect(s.received).toHaveLength(2);
    expect(r.deadLettered).toBe(true);
    expect(dls.received[0].event?.knativeerrorcode).toBe('502');
  });

  it('applies the per-attempt timeout', async () => {
    const s = await sink(() => undefined); // never answers
    const r = await new Dispatcher({ clock: new FakeClock() }).dispatch(event, { url: s.url, policy: toDeliveryPolicy({ timeout: 'PT0.05S' }) });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/timed out/);
  });
});

describe('createHttpSender routing', () => {
  it('connects where route says and keeps the original Host header', async () => {
    const { createHttpSender } = await import('../../../../src/lib/eventing/delivery/sender.js');
    const { encodeEvent } = await import('../../../../src/lib/eventing/http/codec.js');
    const s = await startSink();
    try {
      const port = Number(new URL(s.url).port);
      const send = createHttpSender({ route: (u) => (u.hostname.endsWith('.svc.cluster.local') ? { hostname: '127.0.0.1', port } : undefined) });
      const res = await send('http://hello.default.svc.cluster.local/path?q=1', encodeEvent(event));
      expect(res.status).toBe(200);
      expect(s.received[0].headers.host).toBe('hello.default.svc.cluster.local');
      expect(s.received[0].path).toBe('/path?q=1');
      await expect(send('https://x.example/', encodeEvent(event))).rejects.toThrow(/unsupported URL scheme/);
    } finally {
      await s.close();
    }
  });
});
