import { PingAdapter } from '../../../../src/lib/eventing/ping/adapter.js';
import { makePingEvent, PING_EVENT_TYPE } from '../../../../src/lib/eventing/ping/event.js';
import { nextFireTime, parsePingSchedule } from '../../../../src/lib/eventing/ping/schedule.js';
import { Dispatcher } from '../../../../src/lib/eventing/delivery/dispatcher.js';
import { ManualClock } from '../manual-clock.js';
import { startSink, type Sink } from '../sink.js';

const T0 = Date.parse('2026-01-01T00:00:30Z');

describe('parsePingSchedule', () => {
  it.each([
    ['* * * * *', undefined, '2026-01-01T00:01:00.000Z'],
    ['*/5 * * * *', undefined, '2026-01-01T00:05:00.000Z'],
    ['0 * * * * *', undefined, '2026-01-01T00:01:00.000Z'],
    ['@hourly', undefined, '2026-01-01T01:00:00.000Z'],
    ['@midnight', undefined, '2026-01-02T00:00:00.000Z'],
    ['0 9 * * *', 'Asia/Tokyo', '2026-01-02T00:00:00.000Z'],
    ['CRON_TZ=Asia/Tokyo 0 9 * * *', undefined, '2026-01-02T00:00:00.000Z'],
  ])('%s (tz %s) fires next at %s', (schedule, tz, next) => {
    expect(nextFireTime(parsePingSchedule(schedule, tz), new Date(T0)).toISOString()).toBe(next);
  });

  it('defaults to every minute', () => {
    expect(parsePingSchedule(undefined).expression).toBe('* * * * *');
  });

  it.each([
    ['@every 1m', undefined, 'invalid value: unsupported descriptor @every: spec.schedule'],
    ['* * *', undefined, /^invalid value: expected 5 to 6 fields, found 3.*: spec\.schedule$/],
    ['61 * * * *', undefined, /: spec\.schedule$/],
    ['CRON_TZ=Mars/Base * * * * *', undefined, /bad location Mars\/Base.*: spec\.schedule$/],
    ['* * * * *', 'Mars/Base', /^invalid value: Mars\/Base: spec\.timezone/],
  ])('rejects %s (tz %s)', (schedule, tz, want) => {
    expect(() => parsePingSchedule(schedule, tz)).toThrow(want);
  });
});

describe('makePingEvent', () => {
  const now = new Date(T0);
  it('sets the upstream type, source and attributes', () => {
    const e = makePingEvent('ns', 'p', { data: '{"a":1}', contentType: 'application/json', ceOverrides: { extensions: { foo: 'bar' } } }, now, 'id-1');
    expect(e.type).toBe(PING_EVENT_TYPE);
    expect(e.source).toBe('/apis/v1/namespaces/ns/pingsources/p');
    expect(e.id).toBe('id-1');
    expect(e.time).toBe(now.toISOString());
    expect(e.datacontenttype).toBe('application/json');
    expect(e.data).toBe('{"a":1}');
    expect(e.foo).toBe('bar');
  });
  it('decodes dataBase64', () => {
    const e = makePingEvent('ns', 'p', { dataBase64: Buffer.from([1, 2, 3]).toString('base64'), contentType: 'application/octet-stream' }, now);
    expect(Buffer.from(e.data as Uint8Array).equals(Buffer.from([1, 2, 3]))).toBe(true);
  });
  it('has no data when none is given', () => {
    const e = makePingEvent('ns', 'p', {}, now);
    expect(e.data).toBeUndefined();
    expect(e.datacontenttype).toBeUndefined();
  });
  it('cannot have its required attributes overridden', () => {
    const e = makePingEvent('ns', 'p', { ceOverrides: { extensions: { type: 'x' } } }, now);
    expect(e.type).toBe(PING_EVENT_TYPE);
  });
});

describe('PingAdapter', () => {
  let sink: Sink;
  let adapter: PingAdapter;
  let clock: ManualClock;
  beforeEach(async () => {
    sink = await startSink();
    clock = new ManualClock(T0);
    adapter = new PingAdapter({ clock, random: () => 0, dispatcher: new Dispatcher({ clock }) });
  });
  afterEach(async () => {
    adapter.stop();
    await sink.close();
  });

  it('fires on each tick of a fake clock', async () => {
    adapter.setSource({ namespace: 'default', name: 'p', schedule: '* * * * *', data: 'hi', contentType: 'text/plain', sinkUri: sink.url });
    await clock.untilPending(1);
    clock.advance(29_999);
    expect(sink.received).toHaveLength(0);
    clock.advance(1); // 00:01:00
    await clock.untilPending(1); // jitter sleep (0 ms)
    clock.advance(0);
    const [got] = await sink.waitFor(1);
    expect(got.event?.type).toBe('dev.knative.sources.ping');
    expect(got.event?.source).toBe('/apis/v1/namespaces/default/pingsources/p');
    expect(got.event?.data).toBe('hi');
    expect(got.event?.time).toBe('2026-01-01T00:01:00.000Z');

    await clock.untilPending(1);
    clock.advance(60_000);
    await clock.untilPending(1);
    clock.advance(0);
    await sink.waitFor(2);
  });

  it('stops a deleted source and ignores an unchanged push', async () => {
    const cfg = { namespace: 'default', name: 'p', schedule: '* * * * *', sinkUri: sink.url };
    adapter.setSource(cfg);
    await clock.untilPending(1);
    adapter.setSource({ ...cfg });
    expect(clock.pending).toBe(1);
    adapter.deleteSource('default', 'p');
    expect(clock.pending).toBe(0);
    expect(adapter.size).toBe(0);
  });

  it('rejects a bad schedule without starting anything', () => {
    expect(() => adapter.setSource({ namespace: 'd', name: 'p', schedule: '@every 1m', sinkUri: sink.url })).toThrow(/@every/);
    expect(adapter.size).toBe(0);
  });
});
