// `kn trigger list` columns: NAME BROKER SINK AGE CONDITIONS READY REASON (+NAMESPACE with -A).
import type { Trigger } from '../../api/eventing-types.js';
import { sinkToString } from '../../eventing/cli/sink.js';
import { ageCell, conditionsCell, namespaceCell, readyCell, reasonCell } from '../cells.js';
import type { Column } from '../table.js';

/** Columns of the trigger table. */
export const triggerColumns: Column<Trigger>[] = [
  { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
  { name: 'Name', cell: (t) => t.metadata.name ?? '' },
  { name: 'Broker', cell: (t) => t.spec.broker ?? '' },
  { name: 'Sink', cell: (t) => sinkToString(t.spec.subscriber, t.metadata.namespace) },
  { name: 'Age', cell: (t, ctx) => ageCell(t, ctx.now) },
  { name: 'Conditions', cell: conditionsCell },
  { name: 'Ready', cell: readyCell },
  { name: 'Reason', cell: reasonCell },
];
