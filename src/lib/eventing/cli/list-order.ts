// Row orders of the eventing list tables (spec §2): by name, and with -A the `default` namespace first.
import type { KObject } from '../../api/types.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by name. */
export function sortByName<T extends KObject>(items: T[]): T[] {
  return [...items].sort((a, b) => cmp(a.metadata.name ?? '', b.metadata.name ?? ''));
}

/** With -A: rows of namespace `default` first, then the others stably sorted by namespace. */
export function defaultNamespaceFirst<T extends KObject>(items: T[], allNamespaces: boolean): T[] {
  if (!allNamespaces) return items;
  const rank = (o: T) => (o.metadata.namespace === 'default' ? '' : `~${o.metadata.namespace ?? ''}`);
  return [...items].sort((a, b) => cmp(rank(a), rank(b)));
}
