// decodeEvent builds text-data events without the SDK constructor (a hot-path saving); the result
// must be indistinguishable from what `new CloudEvent(attrs, false)` builds.
import { CloudEvent } from 'cloudevents';
import { decodeEvent, encodeEvent, withExtensions } from '../../../../src/lib/eventing/http/codec.js';

const binary = (headers: Record<string, string>, body = '') => decodeEvent(headers, Buffer.from(body));

function expectSameAsSdk(event: CloudEvent<unknown>, attrs: Record<string, unknown>): void {
  const sdk = new CloudEvent<unknown>(attrs as never, false);
  expect(Object.getPrototypeOf(event)).toBe(CloudEvent.prototype);
  expect(event).toBeInstanceOf(CloudEvent);
  expect(Object.isFrozen(event)).toBe(true);
  expect(Object.keys(event)).toEqual(Object.keys(sdk));
  for (const k of Object.keys(sdk)) if (k !== 'time' || attrs.time !== undefined) expect([k, (event as never)[k]]).toEqual([k, (sdk as never)[k]]);
  expect(typeof event.time).toBe('string');
}

describe('decoded events match the SDK construction', () => {
  it('binary mode with JSON data and extensions', () => {
    const e = binary(
      { 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '1.0', 'ce-time': '2020-01-01T00:00:00Z', 'ce-myext': 'v', 'ce-subject': 'sub', 'content-type': 'application/json' },
      '{"a":1}',
    );
    expectSameAsSdk(e, { id: '1', source: '/s', type: 't', specversion: '1.0', time: '2020-01-01T00:00:00Z', myext: 'v', subject: 'sub', datacontenttype: 'application/json', data: '{"a":1}' });
  });

  it('no data and no time', () => {
    const e = binary({ 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '1.0' });
    expectSameAsSdk(e, { id: '1', source: '/s', type: 't', specversion: '1.0' });
    expect(encodeEvent(e).headers['ce-time']).toBeUndefined();
    expect(encodeEvent(withExtensions(e, { x: 'y' })).headers['ce-time']).toBeUndefined();
  });

  it('structured mode with extensions', () => {
    const attrs = { id: '1', source: '/s', type: 't', specversion: '1.0', ext1: 'a', ext2: 3, datacontenttype: 'text/plain', data: 'hi' };
    expectSameAsSdk(decodeEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from(JSON.stringify(attrs))), attrs);
  });

  it('structured JSON object data still goes through the SDK', () => {
    const attrs = { id: '1', source: '/s', type: 't', specversion: '1.0', data: { a: 1 } };
    expectSameAsSdk(decodeEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from(JSON.stringify(attrs))), attrs);
  });

  it('rejects schemaurl on a 1.0 event and dataschema on a 0.3 event like the SDK', () => {
    expect(() => binary({ 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '1.0', 'ce-schemaurl': 'http://x' })).toThrow(
      'cannot set schemaurl on version 1.0 event',
    );
    expect(() => binary({ 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '0.3', 'ce-dataschema': 'http://x' })).toThrow(
      'cannot set dataschema on version 0.3 event',
    );
  });

  it('cloneWith and toJSON work on decoded events', () => {
    const e = binary({ 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '1.0', 'content-type': 'text/plain' }, 'hi');
    const c = e.cloneWith({ extra: 'x' } as never, false);
    expect(c.extra).toBe('x');
    expect(c.data).toBe('hi');
    expect(JSON.parse(JSON.stringify(e)).data).toBe('hi');
  });
});
