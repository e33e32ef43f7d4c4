// Server-side printing: converts objects to meta.k8s.io/v1 Table (what `kubectl get` asks for),
// using a kind's built-in column functions or a CRD's additionalPrinterColumns JSONPaths.
import { JSONPath } from 'jsonpath-plus';
import { ageOf } from './human-duration.js';
import type { PrinterColumn, ResourceDef } from './resource-def.js';

/** What each row carries besides its cells (the `includeObject` query parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** True if the Accept header asks for a Table (kubectl get does; it also lists JSON as fallback). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  for (const part of accept.split(',')) {
    const params = part.split(';').map((s) => s.trim());
    if (params[0] !== 'application/json') continue;
    const as = params.find((p) => p.startsWith('as='));
    const g = params.find((p) => p.startsWith('g='));
    // Take the first acceptable media type, as content negotiation does.
    if (as === 'as=Table' && (!g || g === 'g=meta.k8s.io')) return true;
    if (!as) return false;
  }
  return false;
}

/** Translates a CRD column JSONPath (`.status.url`) to jsonpath-plus syntax (`$.status.url`). */
function toJsonPathPlus(p: string): string {
  // CRD columns escape dots inside bracketed keys (`['serving\\.knative\\.dev/x']`); jsonpath-plus does not.
  const trimmed = p
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/\\\./g, '.');
  return trimmed.startsWith('$') ? trimmed : `$${trimmed.startsWith('.') || trimmed.startsWith('[') ? '' : '.'}${trimmed}`;
}

/** Evaluates a kubectl-style JSONPath; returns every match. */
export function evalJsonPath(obj: unknown, path: string): unknown[] {
  try {
    return JSONPath({ path: toJsonPathPlus(path), json: obj as object, wrap: true }) as unknown[];
  } catch {
    return [];
  }
}

/** One cell for a CRD column, typed as kube's CRD table convertor does (null when absent or mistyped). */
function crdCell(col: PrinterColumn, obj: unknown, now: number): unknown {
  const found = evalJsonPath(obj, col.jsonPath ?? '');
  if (found.length === 0 || found[0] === undefined || found[0] === null) return null;
  const v = found[0];
  switch (col.type) {
    case 'date':
      return typeof v === 'string' ? ageOf(v, now) : null;
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** Column definitions as sent on the wire. */
function columnDefinitions(def: ResourceDef): object[] {
  return (def.printerColumns ?? []).map((c) => ({
    name: c.name,
    type: c.type === 'date' && c.value ? 'string' : c.type,
    format: c.format ?? '',
    description: c.description ?? '',
    priority: c.priority ?? 0,
  }));
}

/** The cells of one object's row. */
function cellsOf(def: ResourceDef, obj: any, now: number): unknown[] {
  return (def.printerColumns ?? []).map((c) => {
    if (!c.value) return crdCell(c, obj, now);
    // Specs are not fully validated, so a malformed object must not break listing the others.
    try {
      return c.value(obj, now) ?? '';
    } catch {
      return '<invalid>';
    }
  });
}

function rowObject(obj: any, include: IncludeObject): object | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** Builds a Table for a list of objects (or one object). */
export function toTable(def: ResourceDef, objs: any[], listMeta: Record<string, unknown>, include: IncludeObject, now = Date.now()): object {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columnDefinitions(def),
    rows: objs.map((o) => {
      const row: Record<string, unknown> = { cells: cellsOf(def, o, now) };
      const ro = rowObject(o, include);
      if (ro) row.object = ro;
      return row;
    }),
  };
}

/** Parses the includeObject query parameter (default Metadata, as kube). */
export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}
