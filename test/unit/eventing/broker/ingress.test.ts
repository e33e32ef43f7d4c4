import { BrokerDataPlane, type TriggerOutcome } from '../../../../src/lib/eventing/broker/data-plane.js';
import { brokerIngressHandler } from '../../../../src/lib/eventing/broker/ingress.js';
import type { TriggerConfig } from '../../../../src/lib/eventing/broker/config.js';
import { Dispatcher } from '../../../../src/lib/eventing/delivery/dispatcher.js';
import { toDeliveryPolicy } from '../../../../src/lib/eventing/delivery/spec.js';
import { listen, type RunningServer } from '../../../../src/lib/eventing/http/server.js';
import { FakeClock } from '../fake-clock.js';
import { binaryHeaders, ok, post, startSink, status, type Sink } from '../sink.js';

describe('broker ingress and filter over HTTP', () => {
  let plane: BrokerDataPlane;
  let ingress: RunningServer;
  let clock: FakeClock;
  const served: TriggerOutcome[] = [];
  const sinks: Sink[] = [];
  const sink = async (...args: Parameters<typeof startSink>) => {
    const s = await startSink(...args);
    sinks.push(s);
    return s;
  };
  const trigger = (name: string, subscriberUri: string, extra: Partial<TriggerConfig> = {}): TriggerConfig => ({
    namespace: 'default',
    name,
    uid: `uid-${name}`,
    broker: 'default',
    subscriberUri,
    delivery: toDeliveryPolicy(undefined),
    ...extra,
  });

  beforeEach(async () => {
    clock = new FakeClock();
    served.length = 0;
    plane = new BrokerDataPlane({
      dispatcher: new Dispatcher({ clock }),
      onTriggerServed: (o) => served.push(o),
      now: () => clock.now(),
    });
    plane.table.setBroker({ namespace: 'default', name: 'default' });
    ingress = await listen(brokerIngressHandler(plane, { maxBodyBytes: 1024 }));
  });
  afterEach(async () => {
    await ingress.close();
    await Promise.all(sinks.splice(0).map((s) => s.close()));
  });

  const send = (path = '/default/default', headers = binaryHeaders(), body = '{"msg":"hi"}', method = 'POST') =>
    post(`${ingress.url}${path}`, headers, body, method);

  describe('accept and reject', () => {
    it('accepts a binary event with 202', async () => {
      expect((await send()).status).toBe(202);
    });
    it('accepts a structured event with 202', async () => {
      const body = JSON.stringify({ specversion: '1.0', id: '1', source: '/s', type: 't', data: { a: 1 } });
      expect((await send('/default/default', { 'content-type': 'application/cloudevents+json' }, body)).status).toBe(202);
    });
    it.each([
      ['GET is 405', '/default/default', 'GET', 405],
      ['PUT is 405', '/default/default', 'PUT', 405],
      ['root path is 404', '/', 'POST', 404],
      ['one segment is 400', '/default', 'POST', 400],
      ['three segments is 400', '/a/b/c', 'POST', 400],
      ['unknown broker is 404', '/default/nope', 'POST', 404],
    ])('%s', async (_n, path, method, code) => {
      expect((await send(path, binaryHeaders(), '{}', method)).status).toBe(code);
    });
    it('answers OPTIONS with the webhook headers', async () => {
      const r = await send('/default/default', {}, '', 'OPTIONS');
      expect(r.status).toBe(200);
      expect(r.headers.get('allow')).toBe('POST, OPTIONS');
      expect(r.headers.get('webhook-allowed-origin')).toBe('*');
    });
    it('rejects an invalid event with 400', async () => {
      const h = binaryHeaders();
      delete h['ce-type'];
      expect((await send('/default/default', h)).status).toBe(400);
      expect((await send('/default/default', { 'content-type': 'application/json' })).status).toBe(400);
    });
    it('rejects a body over the cap with 413', async () => {
      expect((await send('/default/default', binaryHeaders(), 'x'.repeat(2048))).status).toBe(413);
    });
    it('drops an event whose TTL runs out with 400', async () => {
      expect((await send('/default/default', binaryHeaders({ 'ce-knativebrokerttl': '1' }))).status).toBe(400);
    });
  });

  describe('triggers', () => {
    it('delivers matching events only, adds knativearrivaltime and strips the TTL', async () => {
      const hit = await sink();
      const miss = await sink();
      plane.table.setTrigger(trigger('hit', hit.url, { filter: { attributes: { type: 'dev.test.created' } } }));
      plane.table.setTrigger(trigger('miss', miss.url, { filters: [{ prefix: { type: 'com.other' } }] }));
      expect((await send()).status).toBe(202);
      expect(hit.received).toHaveLength(1);
      expect(miss.received).toHaveLength(0);
      const got = hit.received[0].event!;
      expect(got.knativearrivaltime).toBe('2026-01-01T00:00:00.000Z');
      expect(got.knativebrokerttl).toBeUndefined();
      expect(got.data).toBe('{"msg":"hi"}');
      expect(served.map((o) => [o.trigger, o.matched]).sort()).toEqual([
        ['hit', true],
        ['miss', false],
      ]);
    });

    it('retries a flaky subscriber (fails twice, then 200) per the trigger delivery', async () => {
      const flaky = await sink((n, got, res) => (n < 2 ? status(500)(n, got, res) : ok(n, got, res)));
      plane.table.setTrigger(
        trigger('flaky', flaky.url, { delivery: toDeliveryPolicy({ retry: 3, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' }) }),
      );
      expect((await send()).status).toBe(202);
      expect(flaky.received).toHaveLength(3);
      expect(clock.sleeps).toEqual([200, 400]);
    });

    it('sends a permanently failing event to the dead letter sink with the error extensions', async () => {
      const broken = await sink(status(503, 'boom'));
      const dls = await sink();
      plane.table.setTrigger(trigger('broken', broken.url, { delivery: toDeliveryPolicy({ retry: 2 }, dls.url) }));
      expect((await send()).status).toBe(202);
      expect(broken.received).toHaveLength(3);
      const dead = dls.received[0].event!;
      expect(dead.knativeerrordest).toBe(broken.url);
      expect(dead.knativeerrorcode).toBe('503');
      expect(Buffer.from(dead.knativeerrordata as string, 'base64').toString()).toBe('boom');
    });

    it('answers 500 when a trigger fails without a dead letter sink', async () => {
      const broken = await sink(status(500));
      plane.table.setTrigger(trigger('broken', broken.url));
      expect((await send()).status).toBe(500);
    });

    it('routes reply events back into the broker, where other triggers see them', async () => {
      const replier = await sink((_n, _got, res) => {
        res.writeHead(200, { 'ce-id': 'r1', 'ce-source': '/replier', 'ce-type': 'dev.test.reply', 'ce-specversion': '1.0' });
        res.end();
      });
      const display = await sink();
      plane.table.setTrigger(trigger('replier', replier.url, { filter: { attributes: { type: 'dev.test.created' } } }));
      plane.table.setTrigger(trigger('display', display.url, { filter: { attributes: { type: 'dev.test.reply' } } }));
      expect((await send()).status).toBe(202);
      expect(replier.received).toHaveLength(1);
      expect(display.received).toHaveLength(1);
      expect(display.received[0].event?.id).toBe('r1');
    });

    it('stops a reply loop through the TTL', async () => {
      // Replies with the same type it subscribes to: each hop decrements the TTL.
      const looper = await sink((_n, got, res) => {
        res.writeHead(200, { 'ce-id': `r${got.path}`, 'ce-source': '/loop', 'ce-type': 'dev.test.created', 'ce-specversion': '1.0' });
        res.end();
      });
      plane.table.setTrigger(trigger('loop', looper.url));
      await send('/default/default', binaryHeaders({ 'ce-knativebrokerttl': '5' }));
      // TTL 5 -> 4 at ingress, replies enter with 3, 2, 1; the reply carrying 1 is dropped.
      expect(looper.received).toHaveLength(4);
    });

    it('survives a trigger deleted while its delivery is in flight', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const slow = await sink((n, got, res) => void gate.then(() => ok(n, got, res)));
      plane.table.setTrigger(trigger('slow', slow.url));
      const pending = send();
      await slow.waitFor(1);
      plane.table.deleteTrigger('default', 'slow');
      plane.table.deleteBroker('default', 'default');
      release();
      expect((await pending).status).toBe(202);
      expect(plane.table.triggersOf('default', 'default')).toEqual([]);
      expect((await send()).status).toBe(404);
    });
  });

  it('setConfig replaces the whole table', async () => {
    const s = await sink();
    plane.table.setConfig({ brokers: [{ namespace: 'ns2', name: 'b' }], triggers: [{ ...trigger('t', s.url), namespace: 'ns2', broker: 'b' }] });
    expect((await send()).status).toBe(404);
    expect((await send('/ns2/b')).status).toBe(202);
    expect(s.received).toHaveLength(1);
  });
});
