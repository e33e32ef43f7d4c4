// JSON merge patches (RFC 7386) and apimachinery's three-way variant, which `kn service apply`
// uses with the last-applied configuration: additions/changes come from modified-vs-current,
// deletions only from original-vs-modified, so fields set by others survive.

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The merge patch turning `from` into `to` (null marks a deleted key; arrays are replaced whole). */
export function createMergePatch(from: Json, to: Json): Json {
  if (!isObj(from) || !isObj(to)) return to;
  const patch: Obj = {};
  for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    if (!(key in from)) {
      patch[key] = value;
    } else if (isObj(from[key]) && isObj(value)) {
      const sub = createMergePatch(from[key], value) as Obj;
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (JSON.stringify(from[key]) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

/** Applies a merge patch to a document (returns a new value). */
export function applyMergePatch(doc: Json, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(doc) ? { ...doc } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

// Keeps only the deletions (keepNull) or only the additions/changes of a patch; explicitly empty
// maps count as values.
function filterPatch(patch: Obj, keepNull: boolean): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (keepNull) out[key] = null;
    } else if (isObj(value)) {
      if (Object.keys(value).length === 0) {
        if (!keepNull) out[key] = value;
        continue;
      }
      const sub = filterPatch(value, keepNull);
      if (Object.keys(sub).length > 0) out[key] = sub;
    } else if (!keepNull) {
      out[key] = value;
    }
  }
  return out;
}

/** apimachinery's CreateThreeWayJSONMergePatch; `original` undefined means no last-applied state. */
export function threeWayMergePatch(original: Json | undefined, modified: Json, current: Json): Obj {
  const addAndChange = filterPatch(createMergePatch(current, modified) as Obj, false);
  const deletions = filterPatch(createMergePatch(original ?? {}, modified) as Obj, true);
  return applyMergePatch(deletions, addAndChange) as Obj;
}
