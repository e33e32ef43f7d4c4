// The set of served resources: built-ins plus one entry per served version of every CRD.
// The REST layer keeps it in sync with the stored CRDs (level-triggered from storage events).
import { builtinResources } from './builtin-resources.js';
import type { PrinterColumn, ResourceDef } from './resource-def.js';

/** Kube's version ordering: GA > beta > alpha, higher numbers first, then non-kube names. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number, string] => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return [0, 0, 0, v];
    const level = m[2] === 'alpha' ? 1 : m[2] === 'beta' ? 2 : 3;
    return [level, Number(m[1]), m[3] ? Number(m[3]) : 0, v];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa[0] !== pb[0]) return pb[0] - pa[0];
  if (pa[1] !== pb[1]) return pb[1] - pa[1];
  if (pa[2] !== pb[2]) return pb[2] - pa[2];
  return pa[3] < pb[3] ? -1 : pa[3] > pb[3] ? 1 : 0;
}

/** Built-in groups come first in discovery, in kube's order. */
const builtinGroupOrder = ['', 'apps', 'coordination.k8s.io', 'discovery.k8s.io', 'apiextensions.k8s.io'];

/** Turns a stored CRD into the resource entries it serves (one per served version). */
export function defsFromCrd(crd: any): ResourceDef[] {
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  const storage = ((spec.versions ?? []) as any[]).find((v) => v.storage)?.name;
  return ((spec.versions ?? []) as any[])
    .filter((v) => v.served !== false)
    .map((v) => {
      const cols: PrinterColumn[] = [{ name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', jsonPath: '.metadata.name' }];
      const extra = (v.additionalPrinterColumns ?? []) as PrinterColumn[];
      if (extra.length) cols.push(...extra);
      else cols.push({ name: 'Age', type: 'date', description: 'CreationTimestamp of the object.', jsonPath: '.metadata.creationTimestamp' });
      return {
        group: spec.group,
        version: v.name,
        kind: names.kind,
        listKind: names.listKind || `${names.kind}List`,
        plural: names.plural,
        singular: names.singular || String(names.kind).toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        statusSubresource: !!v.subresources?.status,
        scale: v.subresources?.scale,
        printerColumns: cols,
        generation: true,
        allowCreateOnUpdate: false,
        allowUnconditionalUpdate: false,
        strategicMerge: false,
        fromCrd: crd.metadata?.name,
        storageVersion: storage,
      } satisfies ResourceDef;
    });
}

/** One API group as discovery shows it. */
export interface GroupInfo {
  name: string;
  versions: string[];
  preferred: string;
}

/** Lookup of served resources by group/version/plural, kind, or short name. */
export class ResourceRegistry {
  private defs: ResourceDef[] = [...builtinResources];
  private index = new Map<string, ResourceDef>();
  /** Bumped on every change, so discovery documents can be cached per generation. */
  generation = 0;

  constructor() {
    this.reindex();
  }

  private reindex(): void {
    this.index.clear();
    for (const d of this.defs) {
      this.index.set(`${d.group}/${d.version}/${d.plural}`, d);
      this.index.set(`kind:${d.group}/${d.version}/${d.kind}`, d);
    }
    this.generation++;
  }

  /** Every served entry. */
  all(): ResourceDef[] {
    return this.defs;
  }

  /** The entry for group/version/plural. */
  find(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.index.get(`${group}/${version}/${plural}`);
  }

  /** The entry for group/version/kind. */
  findKind(group: string, version: string, kind: string): ResourceDef | undefined {
    return this.index.get(`kind:${group}/${version}/${kind}`);
  }

  /** Replaces whatever a CRD served with what it serves now (nothing if not established). */
  setCrd(name: string, defs: ResourceDef[]): void {
    this.defs = this.defs.filter((d) => d.fromCrd !== name).concat(defs);
    this.reindex();
  }

  /** Stops serving a deleted CRD's resources. */
  removeCrd(name: string): void {
    this.setCrd(name, []);
  }

  /** Groups with their served versions, built-ins first (kube's order), then CRD groups by name. */
  groups(): GroupInfo[] {
    const byGroup = new Map<string, Set<string>>();
    for (const d of this.defs) {
      if (!byGroup.has(d.group)) byGroup.set(d.group, new Set());
      byGroup.get(d.group)!.add(d.version);
    }
    const names = [...byGroup.keys()].filter((g) => g !== '');
    names.sort((a, b) => {
      const ia = builtinGroupOrder.indexOf(a);
      const ib = builtinGroupOrder.indexOf(b);
      if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    return names.map((name) => {
      const versions = [...byGroup.get(name)!].sort(compareVersions);
      return { name, versions, preferred: versions[0] };
    });
  }

  /** Entries of one group/version, in registration order. */
  resourcesOf(group: string, version: string): ResourceDef[] {
    return this.defs.filter((d) => d.group === group && d.version === version);
  }
}
