// kn list tables: columns as data, rendered through the Go tabwriter layout.
import { TABLE_OPTIONS, formatTabs } from './tabwriter.js';

/** One table column (knative/client human_readable_flags column definitions). */
export interface Column<T> {
  /** Header text; printed upper-cased. */
  name: string;
  /** Cell for one object. */
  cell: (obj: T, ctx: RowContext) => string;
  /** Shown only when listing all namespaces (-A). */
  allNamespacesOnly?: boolean;
}

/** Extra inputs some cells need (current time, related objects). */
export interface RowContext {
  now: Date;
  allNamespaces: boolean;
}

/** Options of renderTable. */
export interface TableOptions {
  noHeaders?: boolean;
  allNamespaces?: boolean;
  now?: Date;
}

/** Renders objects as kn's human table (header + rows, tabwriter-aligned, trailing newline). */
export function renderTable<T>(columns: Column<T>[], items: T[], opts: TableOptions = {}): string {
  const ctx: RowContext = { now: opts.now ?? new Date(), allNamespaces: opts.allNamespaces === true };
  const cols = columns.filter((c) => !c.allNamespacesOnly || ctx.allNamespaces);
  const rows: string[][] = [];
  if (!opts.noHeaders) rows.push(cols.map((c) => c.name.toUpperCase()));
  for (const item of items) rows.push(cols.map((c) => clean(c.cell(item, ctx))));
  return renderRows(rows);
}

/** Renders pre-computed rows (each row's cells TAB-joined) with kn's table settings. */
export function renderRows(rows: string[][]): string {
  if (rows.length === 0) return '';
  return formatTabs(rows.map((r) => r.join('\t')).join('\n') + '\n', TABLE_OPTIONS);
}

// Tabs or newlines inside a cell would break the layout.
function clean(s: string): string {
  return s.replace(/[\t\n]/g, ' ');
}
