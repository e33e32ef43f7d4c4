// `kn service list` columns: NAME URL LATEST AGE CONDITIONS READY REASON (+NAMESPACE with -A).
import type { Service } from '../../api/serving-types.js';
import { ageCell, conditionsCell, namespaceCell, readyCell, reasonCell } from '../cells.js';
import type { Column } from '../table.js';

/** Columns of the service table. */
export const serviceColumns: Column<Service>[] = [
  { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
  { name: 'Name', cell: (s) => s.metadata.name ?? '' },
  { name: 'Url', cell: (s) => s.status?.url ?? '' },
  { name: 'Latest', cell: (s) => s.status?.latestReadyRevisionName ?? '' },
  { name: 'Age', cell: (s, ctx) => ageCell(s, ctx.now) },
  { name: 'Conditions', cell: conditionsCell },
  { name: 'Ready', cell: readyCell },
  { name: 'Reason', cell: reasonCell },
];

/** Row order of `kn service list`: namespace, then name. */
export function sortServices(items: Service[]): Service[] {
  return [...items].sort(
    (a, b) =>
      cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || cmp(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
