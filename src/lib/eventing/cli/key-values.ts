// `key=value` / `key-` lists of `--filter` and `--ce-override` (knative/client util.MapFromArray
// plus the removal suffix): parsed into additions and removals, then merged over existing maps.
import { KnError } from '../../api/errors.js';

/** Additions and removals from a repeatable key=value flag. */
export interface KeyValueChanges {
  set: Record<string, string>;
  remove: string[];
}

/** Splits comma lists (cobra StringSlice semantics) and parses each `key=value` or `key-`. */
export function parseKeyValues(values: string[] | undefined, opts: { allowRemoval: boolean; splitCommas: boolean }): KeyValueChanges {
  const items = (values ?? []).flatMap((v) => (opts.splitCommas ? v.split(',') : [v]));
  const out: KeyValueChanges = { set: {}, remove: [] };
  for (const item of items) {
    if (opts.allowRemoval && item.endsWith('-') && !item.includes('=')) {
      const key = item.slice(0, -1);
      if (key === '') throw new KnError(`argument requires a key before '-'; got "${item}"`, 'BadRequest');
      out.remove.push(key);
      continue;
    }
    const i = item.indexOf('=');
    if (i <= 0) throw new KnError(`argument requires a value that contains the "=" character; got "${item}"`, 'BadRequest');
    out.set[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** Applies changes over a map; undefined when the result is empty. */
export function mergeKeyValues(base: Record<string, string> | undefined, changes: KeyValueChanges): Record<string, string> | undefined {
  const m: Record<string, string> = { ...(base ?? {}), ...changes.set };
  for (const k of changes.remove) delete m[k];
  return Object.keys(m).length > 0 ? m : undefined;
}
