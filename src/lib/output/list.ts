// Renders a list result: machine format if -o was given, "No X found." when empty, else the table.
import type { KList, KObject } from '../api/types.js';
import { printObject, type PrintOptions } from './printers/index.js';
import { renderTable, type Column } from './table.js';

/** The parsed output flags a list command passes on. */
export interface ListOutputFlags {
  output?: string;
  template?: string;
  'no-headers'?: boolean;
  'show-managed-fields'?: boolean;
  'allow-missing-template-keys'?: boolean;
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
    return printObject(list, flags.output, printOptions(flags));
  }
  if (list.items.length === 0) return `${emptyMessage}\n`;
  return renderTable(columns, list.items, {
    noHeaders: flags['no-headers'],
    allNamespaces: flags['all-namespaces'],
    now,
  });
}

/** PrintOptions from the parsed output flags (list or describe). */
export function printOptions(flags: ListOutputFlags): PrintOptions {
  return {
    template: flags.template,
    showManagedFields: flags['show-managed-fields'],
    allowMissingTemplateKeys: flags['allow-missing-template-keys'],
  };
}
