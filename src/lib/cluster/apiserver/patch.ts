// The three PATCH flavours kube accepts: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and
// strategic merge patch (kube's list-aware merge, with the merge keys of the built-in types).
// All functions return new values and never mutate their inputs.
import { badRequest, ApiError } from './errors.js';
import { cloneJson } from './json.js';

type Json = any;

const isObj = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = cloneJson;

/** RFC 7386: objects merge recursively, null deletes, everything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObj(patch)) return clone(patch);
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(path: unknown): string[] {
  if (typeof path !== 'string') throw badRequest('json patch: path must be a string');
  if (path === '') return [];
  if (!path.startsWith('/')) throw badRequest(`json patch: invalid path "${path}"`);
  return path.slice(1).split('/').map(unescapePointer);
}

function getAt(doc: Json, segs: string[]): Json {
  let cur = doc;
  for (const s of segs) {
    if (Array.isArray(cur)) {
      const i = Number(s);
      if (!/^\d+$/.test(s) || i >= cur.length) return undefined;
      cur = cur[i];
    } else if (isObj(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, s)) return undefined;
      cur = cur[s];
    } else return undefined;
  }
  return cur;
}

function failPath(op: string, path: string): ApiError {
  return new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: jsonpatch ${op} operation does not apply: doc is missing path: "${path}": missing value`);
}

/** Applies one mutation at a pointer; `op` is add/remove/replace semantics on the parent container. */
function mutate(doc: Json, segs: string[], op: 'add' | 'remove' | 'replace', value: Json, rawPath: string): Json {
  if (segs.length === 0) {
    if (op === 'remove') return undefined;
    return clone(value);
  }
  const parent = getAt(doc, segs.slice(0, -1));
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) {
    const idx = last === '-' ? parent.length : Number(last);
    if (!(last === '-' || /^\d+$/.test(last))) throw failPath(op, rawPath);
    if (op === 'add') {
      if (idx > parent.length) throw failPath(op, rawPath);
      parent.splice(idx, 0, clone(value));
    } else {
      if (idx >= parent.length) throw failPath(op, rawPath);
      if (op === 'remove') parent.splice(idx, 1);
      else parent[idx] = clone(value);
    }
  } else if (isObj(parent)) {
    const has = Object.prototype.hasOwnProperty.call(parent, last);
    if (op !== 'add' && !has) throw failPath(op, rawPath);
    if (op === 'remove') delete parent[last];
    else parent[last] = clone(value);
  } else {
    throw failPath(op, rawPath);
  }
  return doc;
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** RFC 6902 over a copy of target. */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw badRequest('json patch must be a JSON array of operations');
  let doc = clone(target);
  for (const o of ops) {
    if (!isObj(o)) throw badRequest('json patch: each operation must be an object');
    const path = parsePointer(o.path);
    switch (o.op) {
      case 'add':
        if (!('value' in o)) throw badRequest('json patch: add operation is missing value');
        doc = mutate(doc, path, 'add', o.value, o.path);
        break;
      case 'remove':
        doc = mutate(doc, path, 'remove', undefined, o.path);
        break;
      case 'replace':
        if (!('value' in o)) throw badRequest('json patch: replace operation is missing value');
        doc = mutate(doc, path, 'replace', o.value, o.path);
        break;
      case 'move':
      case 'copy': {
        const from = parsePointer(o.from);
        const v = getAt(doc, from);
        if (v === undefined) throw failPath(o.op, String(o.from));
        const val = clone(v);
        if (o.op === 'move') doc = mutate(doc, from, 'remove', undefined, o.from);
        doc = mutate(doc, path, 'add', val, o.path);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(doc, path), o.value)) throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${o.path} failed: test failed`);
        break;
      default:
        throw badRequest(`json patch: unexpected operation ${JSON.stringify(o.op)}`);
    }
  }
  return doc;
}

/** Merge key of a list field in the built-in types (undefined = atomic list, replaced whole). */
export function mergeKeyFor(field: string, parentList: string | undefined): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'ports':
      return parentList && parentList.endsWith('ontainers') ? 'containerPort' : 'port';
    case 'ownerReferences':
      return 'uid';
    case 'conditions':
      return 'type';
    case 'hostAliases':
      return 'ip';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    default:
      return undefined;
  }
}

/** Primitive lists kube merges as sets. */
const mergedPrimitiveLists = new Set(['finalizers']);

/** Strategic merge patch of a map, `parentList` naming the list this map is an element of. */
export function strategicMerge(target: Json, patch: Json, parentList?: string): Json {
  if (!isObj(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder/')) continue;
    if (k === '$retainKeys') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as Json[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, k, parentList);
    } else if (isObj(v)) {
      const merged = strategicMerge(out[k], v, parentList);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = v;
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys as string[]);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(x);
  return out;
}

function mergeList(cur: Json, patch: Json[], field: string, parentList: string | undefined): Json[] {
  if (patch.some((e) => isObj(e) && e.$patch === 'replace')) return stripDirectives(patch.filter((e) => !(isObj(e) && e.$patch === 'replace')));
  const key = mergeKeyFor(field, parentList);
  const base: Json[] = Array.isArray(cur) ? [...cur] : [];
  if (mergedPrimitiveLists.has(field)) {
    for (const e of patch) if (!base.includes(e)) base.push(e);
    return base;
  }
  if (!key || !patch.every(isObj)) return stripDirectives(patch);
  for (const e of patch as Record<string, Json>[]) {
    const idx = base.findIndex((b) => isObj(b) && b[key] === e[key]);
    if (e.$patch === 'delete') {
      if (idx >= 0) base.splice(idx, 1);
      continue;
    }
    if (idx >= 0) base[idx] = strategicMerge(base[idx], e, field);
    else base.push(strategicMerge(undefined, e, field));
  }
  return base;
}
