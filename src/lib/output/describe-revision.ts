// Revision attribute lines shared by `kn revision describe` and the revision rows of `kn service describe`.
import {
  CONFIGURATION_GENERATION_LABEL,
  SERVICE_LABEL,
  USER_IMAGE_ANNOTATION,
  type Revision,
  type Service,
} from '../api/serving-types.js';
import { DescribeWriter, writeConditions, writeMetadata, writeSlice } from './describe.js';

const MIN_SCALE = ['autoscaling.knative.dev/min-scale', 'autoscaling.knative.dev/minScale'];
const MAX_SCALE = ['autoscaling.knative.dev/max-scale', 'autoscaling.knative.dev/maxScale'];
const TARGET = 'autoscaling.knative.dev/target';
const WINDOW = 'autoscaling.knative.dev/window';
const UTILIZATION = 'autoscaling.knative.dev/target-utilization-percentage';

function annotation(rev: Revision, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = rev.metadata.annotations?.[k];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** `Image:` with the digest short form ("at" or "pinned to" when kn's user-image annotation matches). */
export function writeImage(dw: DescribeWriter, rev: Revision): void {
  const c = rev.spec?.containers?.[0];
  if (!c) {
    dw.writeAttribute('Image', 'Unknown');
    return;
  }
  let image = c.image ?? '';
  let how = 'at';
  const userImage = rev.metadata.annotations?.[USER_IMAGE_ANNOTATION] ?? '';
  const digest = rev.status?.containerStatuses?.[0]?.imageDigest ?? '';
  if (userImage !== '' && digest !== '') {
    const base = (image.includes('@') ? image.split('@') : image.split(':'))[0] ?? '';
    if (userImage.startsWith(base)) {
      how = 'pinned to';
      image = userImage;
    }
  }
  if (digest !== '') {
    const m = /sha256:([0-9a-f]{64})/i.exec(digest);
    image = `${image} (${how} ${m?.[1] ? m[1].slice(0, 6) : digest})`;
  }
  dw.writeAttribute('Image', image);
}

/** `Replicas: actual/desired` when the autoscaler reported both. */
export function writeReplicas(dw: DescribeWriter, rev: Revision): void {
  const a = rev.status?.actualReplicas;
  const d = rev.status?.desiredReplicas;
  if (a !== undefined && d !== undefined) dw.writeAttribute('Replicas', `${a}/${d}`);
}

/** `Port:` of the first container. */
export function writePort(dw: DescribeWriter, rev: Revision): void {
  const p = rev.spec?.containers?.[0]?.ports?.[0]?.containerPort;
  if (p !== undefined) dw.writeAttribute('Port', String(p));
}

/** `Env:` (values from references show as [ref]). */
export function writeEnv(dw: DescribeWriter, rev: Revision, verbose: boolean): void {
  const env = rev.spec?.containers?.[0]?.env ?? [];
  writeSlice(dw, env.map((e) => `${e.name}=${e.valueFrom ? '[ref]' : (e.value ?? '')}`), 'Env', verbose);
}

/** `EnvFrom:` as cm:NAME / secret:NAME. */
export function writeEnvFrom(dw: DescribeWriter, rev: Revision, verbose: boolean): void {
  const out: string[] = [];
  for (const e of rev.spec?.containers?.[0]?.envFrom ?? []) {
    if (e.configMapRef) out.push(`cm:${e.configMapRef.name}`);
    if (e.secretRef) out.push(`secret:${e.secretRef.name}`);
  }
  writeSlice(dw, out, 'EnvFrom', verbose);
}

/** `Scale: min ... max` (∞ without a max). */
export function writeScale(dw: DescribeWriter, rev: Revision): void {
  const min = annotation(rev, MIN_SCALE);
  const max = annotation(rev, MAX_SCALE);
  if (min === undefined && max === undefined) return;
  const bad = [min, max].find((v) => v !== undefined && !/^\d+$/.test(v));
  if (bad !== undefined) {
    dw.writeAttribute('Scale', `Misformatted: invalid value ${bad}`);
    return;
  }
  dw.writeAttribute('Scale', `${min ?? '0'} ... ${max ?? '∞'}`);
}

/** `Concurrency:` section (Limit, Target, Window, TargetUtilization). */
export function writeConcurrency(dw: DescribeWriter, rev: Revision): void {
  const limit = rev.spec?.containerConcurrency;
  const target = rev.metadata.annotations?.[TARGET];
  const window = rev.metadata.annotations?.[WINDOW];
  const util = rev.metadata.annotations?.[UTILIZATION];
  const hasLimit = limit !== undefined && limit !== 0;
  if (!hasLimit && target === undefined && !window && util === undefined) return;
  const section = dw.writeAttribute('Concurrency', '');
  if (hasLimit) section.writeAttribute('Limit', String(limit));
  if (target !== undefined) section.writeAttribute('Target', target);
  if (window) section.writeAttribute('Window', window);
  if (util !== undefined) section.writeAttribute('TargetUtilization', util);
}

/** `Memory:` / `CPU:` as "request ... limit" or the one that is set. */
export function writeResources(dw: DescribeWriter, rev: Revision): void {
  const c = rev.spec?.containers?.[0];
  if (!c) return;
  for (const [label, key] of [
    ['Memory', 'memory'],
    ['CPU', 'cpu'],
  ] as const) {
    const req = c.resources?.requests?.[key];
    const lim = c.resources?.limits?.[key];
    const value = req && lim ? `${req} ... ${lim}` : (req ?? lim);
    if (value) dw.writeAttribute(label, value);
  }
}

/** Traffic percent and tags of a revision in its service's status. */
export function trafficAndTags(revName: string, svc: Service | undefined): { percent: number; tags: string[] } {
  let percent = 0;
  const tags: string[] = [];
  for (const t of svc?.status?.traffic ?? []) {
    const name = t.latestRevision ? svc?.status?.latestReadyRevisionName : t.revisionName;
    if (name !== revName) continue;
    percent += t.percent ?? 0;
    if (t.tag) tags.push(t.tag);
  }
  return { percent, tags };
}

/** The whole `kn revision describe` page. */
export function describeRevision(rev: Revision, svc: Service | undefined, verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, rev.metadata, verbose, now);
  writeImage(dw, rev);
  writeReplicas(dw, rev);
  writePort(dw, rev);
  writeEnv(dw, rev, verbose);
  writeEnvFrom(dw, rev, verbose);
  writeScale(dw, rev);
  writeConcurrency(dw, rev);
  writeResources(dw, rev);
  const svcName = rev.metadata.labels?.[SERVICE_LABEL];
  if (svcName !== undefined) {
    const section = dw.writeAttribute('Service', svcName);
    if (verbose) {
      section.writeAttribute('Configuration Generation', rev.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '');
      section.writeAttribute('Latest Created', String(rev.metadata.name === svc?.status?.latestCreatedRevisionName));
      section.writeAttribute('Latest Ready', String(rev.metadata.name === svc?.status?.latestReadyRevisionName));
      const { percent, tags } = trafficAndTags(rev.metadata.name ?? '', svc);
      if (percent !== 0) section.writeAttribute('Traffic', `${percent}%`);
      writeSlice(section, tags, 'Tags', verbose);
    }
  }
  dw.writeLine();
  writeConditions(dw, rev.status?.conditions, verbose, now);
  return dw.toString();
}
