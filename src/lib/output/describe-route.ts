// The `kn route describe` page.
import type { Route } from '../api/serving-types.js';
import { DescribeWriter, writeConditions, writeMetadata } from './describe.js';

/** The whole `kn route describe` page. */
export function describeRoute(route: Route, verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, route.metadata, verbose, now);
  dw.writeAttribute('URL', route.status?.url ?? '');
  // Upstream quirk kept: one Service line per owner reference, repeating the last Service owner's
  // name (empty before the first one) for owners of other kinds.
  let svcName = '';
  for (const o of route.metadata.ownerReferences ?? []) {
    if (o.kind === 'Service') svcName = verbose ? `${o.name} (${o.apiVersion})` : o.name;
    dw.writeAttribute('Service', svcName);
  }
  dw.writeLine();
  const section = dw.writeAttribute('Traffic Targets', '');
  dw.flush();
  for (const t of route.status?.traffic ?? []) {
    let target = t.latestRevision ? `@latest (${t.revisionName ?? ''})` : (t.revisionName ?? '');
    if (t.tag) target = `${target} #${t.tag}`;
    const row = section.writeColsLn(`${String(t.percent ?? 0).padStart(3)}%`, target);
    if (t.tag) row.writeAttribute('URL', t.url ?? '');
  }
  dw.writeLine();
  writeConditions(dw, route.status?.conditions, verbose, now);
  return dw.toString();
}
