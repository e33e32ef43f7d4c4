// Server-side apply, simplified: the applied configuration is merged into the live object (list
// merge keys for built-ins, atomic lists for custom resources), and fields this manager applied last
// time but no longer applies are removed. Ownership is tracked per manager in managedFields
// (fieldsV1 format) so the removal works; conflicts between managers are not reported.
import { mergeKeyFor, mergePatch, strategicMerge } from './patch.js';
import { cloneJson } from './json.js';

type FieldSet = Record<string, any>;
const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fieldsV1 set of everything an applied configuration sets. */
export function fieldSetOf(value: Record<string, any>, mergeKeys: boolean, parentList?: string): FieldSet {
  const out: FieldSet = {};
  for (const [k, v] of Object.entries(value)) {
    if (isObj(v)) out[`f:${k}`] = fieldSetOf(v, mergeKeys, parentList);
    else if (Array.isArray(v)) {
      const key = mergeKeys ? mergeKeyFor(k, parentList) : undefined;
      if (key && v.every((e) => isObj(e) && e[key] !== undefined)) {
        const items: FieldSet = {};
        for (const e of v) items[`k:${JSON.stringify({ [key]: e[key] })}`] = { '.': {}, ...fieldSetOf(e, mergeKeys, k) };
        out[`f:${k}`] = items;
      } else out[`f:${k}`] = {};
    } else out[`f:${k}`] = {};
  }
  return out;
}

/** Removes from live the fields in `prev` that are absent from `next` (both fieldsV1 sets). */
function removeDropped(live: any, prev: FieldSet, next: FieldSet): void {
  for (const [pk, pchild] of Object.entries(prev)) {
    if (pk === '.') continue;
    if (pk.startsWith('f:')) {
      const name = pk.slice(2);
      if (!isObj(live)) continue;
      if (!(pk in next)) {
        delete live[name];
        continue;
      }
      if (isObj(pchild) && isObj(next[pk]) && Object.keys(pchild).length > 0) removeDropped(live[name], pchild, next[pk]);
    } else if (pk.startsWith('k:') && Array.isArray(live)) {
      let sel: unknown;
      try {
        sel = JSON.parse(pk.slice(2));
      } catch {
        continue; // managedFields written by a client may hold anything
      }
      if (!isObj(sel) || Object.keys(sel).length !== 1) continue;
      const [[kk, kv]] = Object.entries(sel);
      const idx = live.findIndex((e) => isObj(e) && e[kk] === kv);
      if (idx < 0) continue;
      if (!(pk in next)) live.splice(idx, 1);
      else if (isObj(pchild) && isObj(next[pk])) removeDropped(live[idx], pchild, next[pk]);
    }
  }
}

/** One managedFields entry. */
interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

/**
 * Computes the object after `manager` applies `applied` to `live` (undefined = create).
 * `builtin` selects list merge keys (kube's built-in types) versus atomic lists (custom resources).
 */
export function serverSideApply(live: any | undefined, applied: any, manager: string, builtin: boolean, now: string): any {
  const prevEntries: ManagedFieldsEntry[] = Array.isArray(live?.metadata?.managedFields) ? live.metadata.managedFields.filter(isObj) : [];
  const mine = prevEntries.find((e) => e.manager === manager && e.operation === 'Apply');
  const cfg = cloneJson(applied);
  delete cfg.metadata?.managedFields;
  delete cfg.metadata?.resourceVersion;
  delete cfg.status;
  // Identity fields are never "owned": dropping them from a later apply must not clear them.
  const owned = cloneJson(cfg);
  for (const k of ['name', 'namespace', 'uid', 'generation', 'creationTimestamp']) delete owned.metadata?.[k];
  const nextSet = fieldSetOf(owned, builtin);
  let result: any = live ? cloneJson(live) : {};
  result = builtin ? strategicMerge(result, cfg) : mergePatch(result, cfg);
  if (mine && isObj(mine.fieldsV1)) removeDropped(result, mine.fieldsV1, nextSet);
  const entry: ManagedFieldsEntry = { manager, operation: 'Apply', apiVersion: String(applied.apiVersion ?? ''), time: now, fieldsType: 'FieldsV1', fieldsV1: nextSet };
  result.metadata ??= {};
  result.metadata.managedFields = [...prevEntries.filter((e) => e !== mine), entry];
  return result;
}
