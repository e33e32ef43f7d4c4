// `kn revision list` columns: NAME SERVICE TRAFFIC TAGS GENERATION AGE CONDITIONS READY REASON.
import {
  CONFIGURATION_GENERATION_LABEL,
  SERVICE_LABEL,
  type Revision,
  type Service,
} from '../../api/serving-types.js';
import { ageCell, conditionsCell, namespaceCell, readyCell, reasonCell, truncate } from '../cells.js';
import type { Column } from '../table.js';

/** Traffic and tags of a revision, computed from its service's status.traffic. */
export interface RevisionTraffic {
  percent: number;
  tags: string[];
}

/** Looks up the traffic share of each revision (latestRevision targets resolve to latest ready). */
export function trafficByRevision(services: Service[]): Map<string, RevisionTraffic> {
  const out = new Map<string, RevisionTraffic>();
  for (const svc of services) {
    for (const t of svc.status?.traffic ?? []) {
      const rev = t.latestRevision ? svc.status?.latestReadyRevisionName : t.revisionName;
      if (!rev) continue;
      const key = `${svc.metadata.namespace ?? ''}/${rev}`;
      const cur = out.get(key) ?? { percent: 0, tags: [] };
      cur.percent += t.percent ?? 0;
      if (t.tag) cur.tags.push(t.tag);
      out.set(key, cur);
    }
  }
  return out;
}

/** Columns of the revision table; `traffic` comes from trafficByRevision. */
export function revisionColumns(traffic: Map<string, RevisionTraffic>): Column<Revision>[] {
  const of = (r: Revision) => traffic.get(`${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`);
  const cols: Column<Revision>[] = [
    { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
    { name: 'Name', cell: (r) => r.metadata.name ?? '' },
    { name: 'Service', cell: (r) => r.metadata.labels?.[SERVICE_LABEL] ?? '' },
    {
      name: 'Traffic',
      cell: (r) => {
        const p = of(r)?.percent ?? 0;
        return p === 0 ? '' : `${p}%`;
      },
    },
    { name: 'Tags', cell: (r) => (of(r)?.tags ?? []).join(',') },
    { name: 'Generation', cell: (r) => r.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '' },
    { name: 'Age', cell: (r, ctx) => ageCell(r, ctx.now) },
    { name: 'Conditions', cell: conditionsCell },
    { name: 'Ready', cell: readyCell },
    { name: 'Reason', cell: reasonCell },
  ];
  // kn truncates every revision cell to 50 characters.
  return cols.map((c) => ({ ...c, cell: (r, ctx) => truncate(c.cell(r, ctx)) }));
}

/** Row order of `kn revision list`: namespace, service, generation (desc, numeric), name. */
export function sortRevisions(items: Revision[]): Revision[] {
  const gen = (r: Revision) => Number.parseInt(r.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '', 10) || 0;
  return [...items].sort(
    (a, b) =>
      cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
      cmp(a.metadata.labels?.[SERVICE_LABEL] ?? '', b.metadata.labels?.[SERVICE_LABEL] ?? '') ||
      gen(b) - gen(a) ||
      cmp(a.metadata.name ?? '', b.metadata.name ?? ''),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
