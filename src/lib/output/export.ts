// Builds `kn service export` output (spec §4.7): a cleaned Service, an Export object, or a replay List.
import { KnError } from '../api/errors.js';
import {
  CONFIGURATION_GENERATION_LABEL,
  type Revision,
  type Service,
  type TrafficTarget,
} from '../api/serving-types.js';
import type { KObject } from '../api/types.js';

const DROP_SERVICE_ANNOTATIONS = ['serving.knative.dev/creator', 'serving.knative.dev/lastModifier', 'kubectl.kubernetes.io/last-applied-configuration'];
const DROP_TEMPLATE_ANNOTATIONS = [
  'serving.knative.dev/lastPinned',
  'serving.knative.dev/creator',
  'serving.knative.dev/routingStateModified',
  'client.knative.dev/updateTimestamp',
];
const DROP_LABELS = ['serving.knative.dev/configurationUID', 'serving.knative.dev/serviceUID'];

/** Options of buildExport. */
export interface ExportOptions {
  withRevisions: boolean;
  mode: 'export' | 'replay';
}

function without(m: Record<string, string> | undefined, keys: string[]): Record<string, string> | undefined {
  if (!m) return undefined;
  const out = Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));
  return Object.keys(out).length > 0 ? out : undefined;
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The Service reduced to what re-creates it (no status, uid, resourceVersion ...). */
export function cleanService(svc: Service, traffic?: TrafficTarget[]): Service {
  const template = structuredClone(svc.spec.template);
  template.metadata = compact({
    ...template.metadata,
    annotations: without(template.metadata?.annotations, DROP_TEMPLATE_ANNOTATIONS),
    labels: without(template.metadata?.labels, DROP_LABELS),
  });
  const spec: Service['spec'] = { template };
  if (traffic) spec.traffic = traffic;
  return {
    apiVersion: svc.apiVersion ?? 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: compact({
      name: svc.metadata.name,
      labels: without(svc.metadata.labels, DROP_LABELS),
      annotations: without(svc.metadata.annotations, DROP_SERVICE_ANNOTATIONS),
    }),
    spec,
  };
}

function generation(r: Revision): number {
  return Number.parseInt(r.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '0', 10) || 0;
}

/** Routed revisions (status.traffic), oldest first. */
function routedRevisions(svc: Service, revisions: Revision[]): Revision[] {
  const names = new Set(
    (svc.status?.traffic ?? [])
      .map((t) => (t.latestRevision ? svc.status?.latestReadyRevisionName : t.revisionName))
      .filter((n): n is string => !!n),
  );
  return revisions.filter((r) => names.has(r.metadata.name ?? '')).sort((a, b) => generation(a) - generation(b));
}

/** Traffic with @latest targets resolved to the latest ready revision's name. */
function resolvedTraffic(svc: Service): TrafficTarget[] {
  return (svc.status?.traffic ?? []).map((t) =>
    compact({
      tag: t.tag,
      revisionName: t.latestRevision ? svc.status?.latestReadyRevisionName : t.revisionName,
      latestRevision: t.latestRevision,
      percent: t.percent,
    }),
  );
}

function cleanRevision(r: Revision): KObject {
  return {
    apiVersion: r.apiVersion ?? 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: compact({
      name: r.metadata.name,
      labels: without(r.metadata.labels, DROP_LABELS),
      annotations: without(r.metadata.annotations, DROP_TEMPLATE_ANNOTATIONS),
    }),
    spec: r.spec,
  };
}

/** The object `kn service export` prints. */
export function buildExport(svc: Service, revisions: Revision[], opts: ExportOptions): KObject {
  if (!opts.withRevisions) {
    const bare = cleanService(svc);
    if (opts.mode === 'replay') return bare;
    return { apiVersion: 'client.knative.dev/v1alpha1', kind: 'Export', metadata: {}, spec: { service: bare, revisions: null } };
  }
  const routed = routedRevisions(svc, revisions);
  if (routed.length === 0) throw new KnError(`no revisions found for the service ${svc.metadata.name ?? ''}`);
  const latestTemplateName = svc.spec.template.metadata?.name ?? svc.status?.latestCreatedRevisionName;
  const older = routed.filter((r) => r.metadata.name !== latestTemplateName && r.metadata.name !== svc.status?.latestReadyRevisionName);
  const traffic = routed.length > 1 ? resolvedTraffic(svc) : undefined;
  const latest = cleanService(svc, traffic);
  if (opts.mode === 'export') {
    return { apiVersion: 'client.knative.dev/v1alpha1', kind: 'Export', metadata: {}, spec: { service: latest, revisions: older.map(cleanRevision) } };
  }
  // Replay: one Service per older routed revision (its template), then the current Service.
  const replays = older.map((r) => {
    const s = cleanService(svc);
    s.spec.template = {
      metadata: compact({ name: r.metadata.name, annotations: without(r.metadata.annotations, DROP_TEMPLATE_ANNOTATIONS) }),
      spec: r.spec,
    };
    return s;
  });
  return { apiVersion: 'v1', kind: 'List', metadata: {}, items: [...replays, latest] } as unknown as KObject;
}
