// The CloudEvent a PingSource emits at each tick, as the upstream mt-adapter builds it.
import { randomUUID } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import { isTextContentType, type Event } from '../http/codec.js';
import type { PingSource } from '../types.js';

/** Event type of every ping. */
export const PING_EVENT_TYPE = 'dev.knative.sources.ping';

/** CloudEvent source of a PingSource. */
export function pingEventSource(namespace: string, name: string): string {
  return `/apis/v1/namespaces/${namespace}/pingsources/${name}`;
}

/** What the adapter needs of a PingSource spec. */
export type PingEventSpec = Pick<PingSource['spec'], 'contentType' | 'data' | 'dataBase64' | 'ceOverrides'>;

/** Builds the event for one tick; `id` and `now` are injectable for tests. */
export function makePingEvent(
  namespace: string,
  name: string,
  spec: PingEventSpec,
  now: Date,
  id: string = randomUUID(),
): Event {
  const attrs: Record<string, unknown> = {
    ...(spec.ceOverrides?.extensions ?? {}),
    specversion: '1.0',
    id,
    type: PING_EVENT_TYPE,
    source: pingEventSource(namespace, name),
    time: now.toISOString(),
  };
  const bytes =
    spec.dataBase64 !== undefined && spec.dataBase64 !== ''
      ? Buffer.from(spec.dataBase64, 'base64')
      : spec.data !== undefined && spec.data !== ''
        ? Buffer.from(spec.data, 'utf8')
        : undefined;
  if (bytes) {
    if (spec.contentType) attrs.datacontenttype = spec.contentType;
    attrs.data = isTextContentType(spec.contentType) ? bytes.toString('utf8') : bytes;
  }
  return new CloudEvent<unknown>(attrs as never, false);
}
