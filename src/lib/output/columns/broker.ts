// `kn broker list` columns: NAME URL AGE CONDITIONS READY REASON (+NAMESPACE with -A); server order.
import type { Broker } from '../../api/eventing-types.js';
import { ageCell, conditionsCell, namespaceCell, readyCell, reasonCell } from '../cells.js';
import type { Column } from '../table.js';

/** Columns of the broker table. */
export const brokerColumns: Column<Broker>[] = [
  { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
  { name: 'Name', cell: (b) => b.metadata.name ?? '' },
  { name: 'Url', cell: (b) => b.status?.address?.url ?? '' },
  { name: 'Age', cell: (b, ctx) => ageCell(b, ctx.now) },
  { name: 'Conditions', cell: conditionsCell },
  { name: 'Ready', cell: readyCell },
  { name: 'Reason', cell: reasonCell },
];
