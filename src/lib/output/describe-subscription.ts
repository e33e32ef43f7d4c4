// The `kn subscription describe` page.
import type { Subscription } from '../api/eventing-types.js';
import { writeSink } from '../eventing/cli/describe-sink.js';
import { DescribeWriter, writeConditions, writeMetadata } from './describe.js';

/** The whole `kn subscription describe` page. */
export function describeSubscription(sub: Subscription, verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  const ns = sub.metadata.namespace;
  writeMetadata(dw, sub.metadata, verbose, now);
  const ch = sub.spec.channel;
  dw.writeAttribute('Channel', `${ch.kind ?? ''}:${ch.name ?? ''} (${ch.apiVersion ?? ''})`);
  if (sub.spec.subscriber) writeSink(dw, 'Subscriber', sub.spec.subscriber, ns);
  if (sub.spec.reply) writeSink(dw, 'Reply', sub.spec.reply, ns);
  if (sub.spec.delivery?.deadLetterSink) writeSink(dw, 'DeadLetterSink', sub.spec.delivery.deadLetterSink, ns);
  dw.writeLine();
  writeConditions(dw, sub.status?.conditions, verbose, now);
  return dw.toString();
}
