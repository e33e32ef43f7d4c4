// The `kn service describe` page: service block, revision summary, conditions.
import { CONFIGURATION_GENERATION_LABEL, type Revision, type Service } from '../api/serving-types.js';
import { findCondition } from '../api/types.js';
import { DescribeWriter, describeAge, writeConditions, writeMetadata } from './describe.js';
import {
  writeConcurrency,
  writeEnv,
  writeEnvFrom,
  writeImage,
  writePort,
  writeReplicas,
  writeResources,
  writeScale,
} from './describe-revision.js';

/** A revision as shown in the service's revision summary. */
export interface RevisionDesc {
  revision: Revision;
  percent: number;
  tag?: string;
  /** True when the traffic target follows @latest. */
  latestTraffic?: boolean;
}

/** Builds the revision summary: traffic targets, then latest created/ready, then (with -v) the rest. */
export function revisionDescs(svc: Service, byName: Map<string, Revision>, allOfService: Revision[], verbose: boolean): RevisionDesc[] {
  const seen = new Set<string>();
  const out: RevisionDesc[] = [];
  for (const t of svc.status?.traffic ?? []) {
    const name = t.revisionName ?? svc.status?.latestCreatedRevisionName;
    const rev = name ? byName.get(name) : undefined;
    if (!rev || !name) continue;
    seen.add(name);
    out.push({ revision: rev, percent: t.percent ?? 0, tag: t.tag, latestTraffic: t.latestRevision });
  }
  const extra = [svc.status?.latestCreatedRevisionName, svc.status?.latestReadyRevisionName];
  if (verbose) extra.push(...allOfService.map((r) => r.metadata.name));
  for (const name of extra) {
    if (!name || seen.has(name)) continue;
    const rev = byName.get(name);
    if (!rev) continue;
    seen.add(name);
    out.push({ revision: rev, percent: 0 });
  }
  const gen = (d: RevisionDesc) => Number.parseInt(d.revision.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '0', 10) || 0;
  // Stable sort, newest configuration generation first.
  return out.map((d, i) => ({ d, i })).sort((a, b) => gen(b.d) - gen(a.d) || a.i - b.i).map((x) => x.d);
}

/** Bullet column: "100%", "  +" ... (spec §4.4). */
export function formatBullet(percent: number, readyStatus: string | undefined): string {
  let symbol = '?';
  if (readyStatus === 'True') symbol = percent > 0 ? '%' : '+';
  else if (readyStatus === 'False') symbol = '!';
  return percent === 0 ? `   ${symbol}` : `${String(percent).padStart(3)}${symbol}`;
}

function revisionHeader(d: RevisionDesc, svc: Service, now: Date): string {
  const name = d.revision.metadata.name ?? '';
  let header = name;
  if (d.latestTraffic) header = `@latest (${name})`;
  else if (name === svc.status?.latestReadyRevisionName) header = `${name} (current @latest)`;
  else if (name === svc.status?.latestCreatedRevisionName) header = `${name} (latest created)`;
  if (d.tag) header = `${header} #${d.tag}`;
  const gen = Number.parseInt(d.revision.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '0', 10) || 0;
  return `${header} [${gen}] (${describeAge(d.revision.metadata.creationTimestamp, now)})`;
}

/** The whole `kn service describe` page. */
export function describeService(svc: Service, revisions: RevisionDesc[], verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, svc.metadata, verbose, now);
  dw.writeAttribute('URL', svc.status?.url ?? '');
  if (verbose && svc.status?.address) dw.writeAttribute('Cluster', svc.status.address.url ?? '');
  const spec = svc.spec?.template?.spec;
  if (spec?.serviceAccountName) dw.writeAttribute('Service Account', spec.serviceAccountName);
  if (spec?.imagePullSecrets) dw.writeAttribute('Image Pull Secret', spec.imagePullSecrets[0]?.name ?? '');
  dw.writeLine();
  dw.flush();

  const revSection = dw.writeAttribute('Revisions', '');
  dw.flush();
  for (const d of revisions) {
    const ready = findCondition(d.revision, 'Ready');
    const status = ready?.status ?? 'Unknown';
    const section = revSection.writeColsLn(formatBullet(d.percent, status), revisionHeader(d, svc, now));
    if (status === 'False') section.writeAttribute('Error', ready?.reason ?? '');
    writeImage(section, d.revision);
    writeReplicas(section, d.revision);
    if (verbose) {
      writePort(section, d.revision);
      writeEnv(section, d.revision, verbose);
      writeEnvFrom(section, d.revision, verbose);
      writeScale(section, d.revision);
      writeConcurrency(section, d.revision);
      writeResources(section, d.revision);
    }
  }
  dw.writeLine();
  dw.flush();
  writeConditions(dw, svc.status?.conditions, verbose, now);
  return dw.toString();
}
