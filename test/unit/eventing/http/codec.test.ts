import { CloudEvent } from 'cloudevents';
import { decodeEvent, encodeEvent, InvalidEventError, withExtensions } from '../../../../src/lib/eventing/http/codec.js';
import { lookupAttribute } from '../../../../src/lib/eventing/filters/filter.js';

const binary = (extra: Record<string, string> = {}) => ({
  'ce-id': 'a1',
  'ce-source': '/src',
  'ce-type': 't.created',
  'ce-specversion': '1.0',
  ...extra,
});

describe('decodeEvent', () => {
  it('reads a binary-mode event, keeping text data as sent', () => {
    const e = decodeEvent(binary({ 'content-type': 'application/json', 'ce-myext': 'v' }), Buffer.from('{"a": 1}'));
    expect(e.id).toBe('a1');
    expect(e.type).toBe('t.created');
    expect(e.myext).toBe('v');
    expect(e.datacontenttype).toBe('application/json');
    expect(e.data).toBe('{"a": 1}');
  });

  it('accepts a binary body that is not valid JSON (data is opaque)', () => {
    const e = decodeEvent(binary({ 'content-type': 'application/json' }), Buffer.from('not json'));
    expect(e.data).toBe('not json');
  });

  it('keeps binary data bytes', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const e = decodeEvent(binary({ 'content-type': 'application/octet-stream' }), bytes);
    expect(encodeEvent(e).body.equals(bytes)).toBe(true);
  });

  it('reads a structured-mode event, including data_base64', () => {
    const body = JSON.stringify({ specversion: '1.0', id: 'x', source: '/s', type: 't', data_base64: Buffer.from('hi').toString('base64') });
    const e = decodeEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from(body));
    expect(e.id).toBe('x');
    expect(encodeEvent(e).body.toString()).toBe('hi');
  });

  it.each([
    ['missing id', { 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '1.0' }],
    ['missing source', { 'ce-id': '1', 'ce-type': 't', 'ce-specversion': '1.0' }],
    ['missing type', { 'ce-id': '1', 'ce-source': '/s', 'ce-specversion': '1.0' }],
    ['bad specversion', { 'ce-id': '1', 'ce-source': '/s', 'ce-type': 't', 'ce-specversion': '2.0' }],
    ['no event at all', { 'content-type': 'application/json' }],
  ])('rejects %s', (_name, headers) => {
    expect(() => decodeEvent(headers, Buffer.alloc(0))).toThrow(InvalidEventError);
  });

  it('rejects structured bodies that are not JSON objects', () => {
    expect(() => decodeEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from('[1]'))).toThrow(InvalidEventError);
    expect(() => decodeEvent({ 'content-type': 'application/cloudevents+json' }, Buffer.from('{'))).toThrow(InvalidEventError);
  });
});

describe('encodeEvent', () => {
  const event = new CloudEvent({ id: '1', source: '/s', type: 't', datacontenttype: 'application/json', data: '{"a":1}', myext: 'x' }, false);

  it('binary mode puts attributes in ce- headers and data in the body', () => {
    const m = encodeEvent(event, 'binary');
    expect(m.headers['ce-id']).toBe('1');
    expect(m.headers['ce-myext']).toBe('x');
    expect(m.headers['content-type']).toBe('application/json');
    expect(m.body.toString()).toBe('{"a":1}');
  });

  it('structured mode writes JSON data as a JSON value', () => {
    const m = encodeEvent(event, 'structured');
    expect(m.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
    const obj = JSON.parse(m.body.toString());
    expect(obj.data).toEqual({ a: 1 });
    expect(obj.myext).toBe('x');
  });

  it('round-trips through decode in both modes', () => {
    for (const mode of ['binary', 'structured'] as const) {
      const m = encodeEvent(event, mode);
      const back = decodeEvent(m.headers, m.body);
      expect(back.id).toBe('1');
      expect(back.myext).toBe('x');
    }
  });
});

describe('events that arrive without a time', () => {
  const headers = { 'ce-id': '1', 'ce-specversion': '1.0', 'ce-type': 't', 'ce-source': 's', 'content-type': 'text/plain' };

  it('are passed on without one (the SDK makes one up; Knative does not add it)', () => {
    const event = decodeEvent(headers, Buffer.from('x'));
    expect(encodeEvent(event).headers['ce-time']).toBeUndefined();
    expect(encodeEvent(withExtensions(event, { knativearrivaltime: '2026-01-01T00:00:00Z' })).headers['ce-time']).toBeUndefined();
    const structured = JSON.parse(encodeEvent(event, 'structured').body.toString('utf8')) as Record<string, unknown>;
    expect(structured.time).toBeUndefined();
    expect(structured.id).toBe('1');
    expect(lookupAttribute(event, 'time')).toBeUndefined();
  });

  it('keep the time they came with', () => {
    const event = decodeEvent({ ...headers, 'ce-time': '2026-01-01T00:00:00Z' }, Buffer.from('x'));
    expect(encodeEvent(event).headers['ce-time']).toBe('2026-01-01T00:00:00Z');
    expect(lookupAttribute(event, 'time')).toBe('2026-01-01T00:00:00Z');
  });
});
