// `kn subscription list` columns: NAME CHANNEL SUBSCRIBER REPLY DEAD LETTER SINK READY REASON (+NAMESPACE).
import type { Subscription } from '../../api/eventing-types.js';
import { sinkToString } from '../../eventing/cli/sink.js';
import { namespaceCell, readyCell, reasonCell } from '../cells.js';
import type { Column } from '../table.js';

/** Columns of the subscription table. */
export const subscriptionColumns: Column<Subscription>[] = [
  { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
  { name: 'Name', cell: (s) => s.metadata.name ?? '' },
  { name: 'Channel', cell: (s) => `${s.spec.channel.kind ?? ''}:${s.spec.channel.name ?? ''}` },
  { name: 'Subscriber', cell: (s) => sinkToString(s.spec.subscriber, s.metadata.namespace) },
  { name: 'Reply', cell: (s) => sinkToString(s.spec.reply, s.metadata.namespace) },
  { name: 'Dead Letter Sink', cell: (s) => sinkToString(s.spec.delivery?.deadLetterSink, s.metadata.namespace) },
  { name: 'Ready', cell: readyCell },
  { name: 'Reason', cell: reasonCell },
];
