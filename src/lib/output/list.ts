// Renders a list result: machine format if -o was given, "No X found." when empty, else the table.
import type { KList, KObject } from '../api/types.js';
import { printObject } from './printers/index.js';
import { renderTable, type Column } from './table.js';

/** The parsed output flags a list command passes on. */
export interface ListOutputFlags {
  output?: string;
  template?: string;
  'no-headers'?: boolean;
  'show-managed-fields'?: boolean;
  'all-namespaces'?: boolean;
}

/** Text for stdout of a list command. */
export function renderList<T extends KObject>(
  list: KList<T>,
  columns: Column<T>[],
  flags: ListOutputFlags,
  emptyMessage: string,
  now: Date = new Date(),
): string {
  if (flags.output) {
    return printObject(list, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] });
  }
  if (list.items.length === 0) return `${emptyMessage}\n`;
  return renderTable(columns, list.items, {
    noHeaders: flags['no-headers'],
    allNamespaces: flags['all-namespaces'],
    now,
  });
}
