// CloudEvents over HTTP (binary and structured content modes) on top of the `cloudevents` package.
// Binary mode is decoded here rather than by HTTP.toEvent because the package JSON-parses binary
// bodies (rejecting valid events whose data is not JSON) and invents an id when ce-id is missing;
// Knative forwards data bytes untouched and answers 400 for a missing required attribute.
import type { IncomingHttpHeaders } from 'node:http';
import { CloudEvent, HTTP } from 'cloudevents';

/** The event type handled throughout the data plane. */
export type Event = CloudEvent<unknown>;

/** Wire encoding of an outgoing event. */
export type EventFormat = 'binary' | 'structured';

/** The request does not carry a valid CloudEvent (answered 400). */
export class InvalidEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** An encoded event ready to be written to an HTTP request or response. */
export interface EncodedEvent {
  headers: Record<string, string>;
  body: Buffer;
}

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';
const REQUIRED = ['id', 'source', 'type', 'specversion'] as const;
// Binary-mode headers naming context attributes rather than extensions.
const CONTEXT_HEADERS: Record<string, string> = {
  'ce-id': 'id',
  'ce-source': 'source',
  'ce-type': 'type',
  'ce-specversion': 'specversion',
  'ce-time': 'time',
  'ce-subject': 'subject',
  'ce-dataschema': 'dataschema',
  'ce-schemaurl': 'schemaurl',
};

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/** True for content types whose bytes are text (kept as a string, never base64). */
export function isTextContentType(ct: string | undefined): boolean {
  if (!ct) return true;
  const base = ct.split(';')[0].trim().toLowerCase();
  return base.startsWith('text/') || base === 'application/json' || base.endsWith('+json') || base === 'application/xml';
}

const isJsonContentType = (ct: string | undefined): boolean => {
  const base = (ct ?? 'application/json').split(';')[0].trim().toLowerCase();
  return base === 'application/json' || base === 'text/json' || base.endsWith('+json');
};

// Extension (and attribute) names: lower-case ASCII letters and digits (CloudEvents 1.0).
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
const KNOWN = new Set(['id', 'source', 'type', 'specversion', 'time', 'subject', 'dataschema', 'schemaurl', 'datacontenttype', 'datacontentencoding', 'data', 'data_base64']);

// The checks of the package's schema validation that matter for a receiver, without its cost
// (ajv validation dominated the per-event CPU of the broker).
function checkAttributes(attrs: Record<string, unknown>): void {
  for (const name of REQUIRED) {
    const v = attrs[name];
    if (typeof v !== 'string' || v === '') throw new InvalidEventError(`missing required attribute: ${name}`);
  }
  if (attrs.specversion !== '1.0' && attrs.specversion !== '0.3') {
    throw new InvalidEventError(`unsupported specversion: ${String(attrs.specversion)}`);
  }
  if (attrs.time !== undefined && (typeof attrs.time !== 'string' || Number.isNaN(Date.parse(attrs.time)))) {
    throw new InvalidEventError(`invalid time attribute: ${String(attrs.time)}`);
  }
  for (const [name, v] of Object.entries(attrs)) {
    if (KNOWN.has(name)) continue;
    if (!ATTRIBUTE_NAME.test(name)) throw new InvalidEventError(`invalid extension name: ${name}`);
    if (v !== null && typeof v === 'object') throw new InvalidEventError(`invalid value of extension ${name}`);
  }
}

// The SDK's CloudEvent fills in `time` with "now" when an event has none. Knative passes events on as
// they came (time is optional), so events decoded without one are remembered and encoded without it.
const withoutTime = new WeakSet<Event>();

function build(attrs: Record<string, unknown>): Event {
  checkAttributes(attrs);
  let event: Event;
  try {
    // Non-strict construction: strict mode throws plain TypeErrors and runs the schema again.
    event = isPlainData(attrs) ? assembleCloudEvent(attrs) : new CloudEvent<unknown>(attrs as never, false);
  } catch (e) {
    throw new InvalidEventError(`invalid event: ${(e as Error).message}`);
  }
  if (attrs.time === undefined) withoutTime.add(event);
  return event;
}

// Events whose data is text (or absent) and carry no data_base64: the common case, which
// assembleCloudEvent handles; binary data goes through the SDK constructor and its base64 handling.
const isPlainData = (attrs: Record<string, unknown>): boolean =>
  attrs.data_base64 === undefined && (attrs.data === undefined || typeof attrs.data === 'string');

// What `new CloudEvent(attrs, false)` builds for plain data, without its per-event costs (a copy of
// the attributes with a delete per known attribute, which turns it into a slow dictionary object):
// the same own properties in the same order on the same prototype, frozen. Only for attributes that
// passed checkAttributes (id, type, source and specversion are non-empty strings).
const KNOWN_ORDER = ['id', 'time', 'type', 'source', 'specversion', 'datacontenttype', 'subject', 'datacontentencoding', 'dataschema', 'data_base64', 'schemaurl', 'data'] as const;
const KNOWN_SET: ReadonlySet<string> = new Set(KNOWN_ORDER);

function assembleCloudEvent(attrs: Record<string, unknown>): Event {
  if (attrs.specversion === '1.0' && attrs.schemaurl) throw new TypeError('cannot set schemaurl on version 1.0 event');
  if (attrs.specversion === '0.3' && attrs.dataschema) throw new TypeError('cannot set dataschema on version 0.3 event');
  const e = Object.create(CloudEvent.prototype) as Record<string, unknown>;
  for (const name of KNOWN_ORDER) e[name] = attrs[name];
  e.time ||= new Date().toISOString();
  for (const name in attrs) if (!KNOWN_SET.has(name)) e[name] = attrs[name];
  return Object.freeze(e) as unknown as Event;
}

/** True when the event arrived without a `time` attribute (the SDK's stand-in value is not sent on). */
export function hasNoTime(event: Event): boolean {
  return withoutTime.has(event);
}

function decodeBinary(headers: IncomingHttpHeaders, body: Buffer): Event {
  const attrs: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (!name.startsWith('ce-') || raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    const attr = CONTEXT_HEADERS[name] ?? name.slice(3);
    attrs[attr] = attr === 'id' || attr === 'source' || attr === 'type' ? decodeURIComponentSafe(value) : value;
  }
  const ct = header(headers, 'content-type');
  if (ct) attrs.datacontenttype = ct;
  if (body.length > 0) attrs.data = isTextContentType(ct) ? body.toString('utf8') : body;
  return build(attrs);
}

// CloudEvents HTTP binding percent-encodes header values; plain values pass through unchanged.
function decodeURIComponentSafe(v: string): string {
  if (!v.includes('%')) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function decodeStructured(body: Buffer): Event {
  let obj: unknown;
  try {
    obj = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InvalidEventError('structured event body is not valid JSON');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new InvalidEventError('structured event body is not a JSON object');
  }
  const attrs = { ...(obj as Record<string, unknown>) };
  if (typeof attrs.data_base64 === 'string') {
    attrs.data = Buffer.from(attrs.data_base64, 'base64');
    delete attrs.data_base64;
  }
  return build(attrs);
}

/** True when the message carries a CloudEvent (structured content type, or a ce-id header). */
export function looksLikeEvent(headers: IncomingHttpHeaders): boolean {
  const ct = header(headers, 'content-type') ?? '';
  return ct.startsWith(STRUCTURED) || headers['ce-id'] !== undefined || headers['ce-specversion'] !== undefined;
}

/** Decodes an HTTP message into a CloudEvent; throws InvalidEventError when it is not a valid one. */
export function decodeEvent(headers: IncomingHttpHeaders, body: Buffer): Event {
  const ct = header(headers, 'content-type') ?? '';
  if (ct.startsWith(BATCH)) throw new InvalidEventError('batched events are not supported');
  if (ct.startsWith(STRUCTURED)) return decodeStructured(body);
  if (headers['ce-id'] !== undefined || headers['ce-specversion'] !== undefined) return decodeBinary(headers, body);
  throw new InvalidEventError('no CloudEvent found in the request');
}

const toBuffer = (body: unknown): Buffer => {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  // The package keeps decoded base64 data as a typed array of byte values.
  if (ArrayBuffer.isView(body)) return Buffer.from(Array.from(body as unknown as ArrayLike<number>));
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
};

// Attributes that are not sent as ce- headers in binary mode.
const NOT_HEADERS = new Set(['data', 'data_base64', 'datacontenttype', 'datacontentencoding']);
// Header values must be printable ASCII; the HTTP binding percent-encodes the rest.
const NON_PRINTABLE = /[^\x20-\x7e]/gu;
const HAS_NON_PRINTABLE = /[^\x20-\x7e]/u;
const headerSafe = (v: string): string => (HAS_NON_PRINTABLE.test(v) ? v.replace(NON_PRINTABLE, (c) => encodeURIComponent(c)) : v);

/** Changes applied to an event's extensions while encoding it (cheaper than cloning the event). */
export interface ExtensionEdits {
  /** Extensions to leave out. */
  omit?: ReadonlySet<string>;
  /** Extensions to add or replace. */
  add?: Readonly<Record<string, string | number | boolean>>;
}

/** Encodes a CloudEvent for HTTP in binary (default, as Knative re-encodes) or structured mode. */
export function encodeEvent(event: Event, format: EventFormat = 'binary', edits: ExtensionEdits = {}): EncodedEvent {
  const { omit, add } = edits;
  if (format === 'structured') {
    const changes: Record<string, unknown> = { ...add };
    for (const name of omit ?? []) changes[name] = undefined;
    // Text JSON data travels as a JSON value in structured mode, not as a quoted string.
    if (typeof event.data === 'string' && isJsonContentType(event.datacontenttype)) {
      try {
        changes.data = JSON.parse(event.data);
      } catch {
        // not JSON after all: send it as a string
      }
    }
    const e = Object.keys(changes).length > 0 ? event.cloneWith(changes as never, false) : event;
    const m = HTTP.structured(e);
    if (!withoutTime.has(event)) return { headers: stringHeaders(m.headers), body: toBuffer(m.body) };
    const json = JSON.parse(String(m.body)) as Record<string, unknown>;
    delete json.time;
    return { headers: stringHeaders(m.headers), body: Buffer.from(JSON.stringify(json), 'utf8') };
  }
  // Binary mode written by hand: HTTP.binary re-parses every attribute and was the hottest frame.
  const headers: Record<string, string> = {};
  const record = event as unknown as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const v = record[name];
    if (v === undefined || v === null || NOT_HEADERS.has(name) || omit?.has(name)) continue;
    if (name === 'time' && withoutTime.has(event)) continue;
    headers[`ce-${name}`] = headerSafe(v instanceof Date ? v.toISOString() : String(v));
  }
  if (add) for (const [name, v] of Object.entries(add)) headers[`ce-${name}`] = headerSafe(String(v));
  if (event.data !== undefined && event.data !== null) {
    headers['content-type'] = event.datacontenttype ?? 'application/json';
  }
  return { headers, body: toBuffer(event.data) };
}

function stringHeaders(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined || v === null) continue;
    const name = k.toLowerCase();
    out[name] = name.startsWith('ce-') ? headerSafe(String(v)) : String(v);
  }
  return out;
}

/** Returns a copy of the event with extensions set (undefined removes one). */
export function withExtensions(event: Event, ext: Record<string, string | number | boolean | undefined>): Event {
  const copy = event.cloneWith(ext as never, false);
  if (withoutTime.has(event)) withoutTime.add(copy);
  return copy;
}
