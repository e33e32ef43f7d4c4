// `kn route list` columns: NAME URL READY (no NAMESPACE column, even with -A, as upstream).
import type { Route } from '../../api/serving-types.js';
import { readyCell } from '../cells.js';
import type { Column } from '../table.js';

/** Columns of the route table. */
export const routeColumns: Column<Route>[] = [
  { name: 'Name', cell: (r) => r.metadata.name ?? '' },
  { name: 'Url', cell: (r) => r.status?.url ?? '' },
  { name: 'Ready', cell: readyCell },
];
