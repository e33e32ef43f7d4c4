// `kn source ping list` columns: NAME SCHEDULE SINK AGE CONDITIONS READY REASON (+NAMESPACE with -A).
import type { Destination, PingSource } from '../../api/eventing-types.js';
import { ageCell, conditionsCell, namespaceCell, readyCell, reasonCell } from '../cells.js';
import type { Column } from '../table.js';

/** Ping list's own sink text: any `Service` ref is `ksvc:name`, other refs `Kind:name`, URIs empty. */
export function pingSinkCell(sink: Destination | undefined): string {
  const ref = sink?.ref;
  if (!ref) return '';
  return ref.kind === 'Service' ? `ksvc:${ref.name ?? ''}` : `${ref.kind ?? ''}:${ref.name ?? ''}`;
}

/** Columns of the ping source table. */
export const pingColumns: Column<PingSource>[] = [
  { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
  { name: 'Name', cell: (p) => p.metadata.name ?? '' },
  { name: 'Schedule', cell: (p) => p.spec.schedule ?? '' },
  { name: 'Sink', cell: (p) => pingSinkCell(p.spec.sink) },
  { name: 'Age', cell: (p, ctx) => ageCell(p, ctx.now) },
  { name: 'Conditions', cell: conditionsCell },
  { name: 'Ready', cell: readyCell },
  { name: 'Reason', cell: reasonCell },
];
