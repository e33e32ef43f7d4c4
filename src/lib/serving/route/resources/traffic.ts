// Resolves a Route's spec.traffic against Configurations and Revisions (upstream
// traffic.BuildTrafficConfiguration): concrete revision per target, groups per tag, status.traffic.
import { CONFIGURATION_LABEL } from '../../labels.js';
import { protocolType } from '../../revision/resources/ports.js';
import type { Configuration, Revision, Route, TrafficTarget } from '../../types.js';

/** Read access to the objects traffic refers to (from informer caches). */
export interface TrafficLookup {
  configuration(namespace: string, name: string): Configuration | undefined;
  revision(namespace: string, name: string): Revision | undefined;
}

/** One resolved target: a concrete Revision with its share. */
export interface RevisionTarget {
  tag?: string;
  revisionName: string;
  /** Set when the target follows a Configuration's latest ready Revision. */
  configurationName?: string;
  latestRevision: boolean;
  percent: number;
  protocol: 'http1' | 'h2c';
}

/** Why traffic could not be assigned; maps onto the Route's AllTrafficAssigned condition. */
export type TrafficError =
  | { kind: 'missing'; targetKind: 'Configuration' | 'Revision'; name: string }
  | { kind: 'configurationNotReady'; name: string }
  | { kind: 'configurationFailed'; name: string }
  | { kind: 'revisionNotReady'; name: string }
  | { kind: 'revisionFailed'; name: string };

/** The resolved traffic, or the first error met. */
export interface TrafficConfig {
  /** Targets per tag group; '' is the default group holding every target. */
  groups: Map<string, RevisionTarget[]>;
  /** Every spec target resolved, in spec order. */
  targets: RevisionTarget[];
  /** Configurations referenced (for labeling and watches). */
  configurations: string[];
  /** Revisions referenced. */
  revisions: string[];
  error?: TrafficError;
}

function readyStatus(obj: { status?: { conditions?: { type: string; status: string }[] } }): string {
  return obj.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** Resolves every target; stops at the first error, like upstream. */
export function resolveTraffic(route: Route, lookup: TrafficLookup): TrafficConfig {
  const ns = route.metadata.namespace ?? '';
  const out: TrafficConfig = { groups: new Map([['', []]]), targets: [], configurations: [], revisions: [] };
  for (const tt of route.spec.traffic ?? []) {
    let revName = tt.revisionName ?? '';
    let configName: string | undefined;
    if (!revName) {
      configName = tt.configurationName ?? '';
      const config = lookup.configuration(ns, configName);
      if (!config) return { ...out, error: { kind: 'missing', targetKind: 'Configuration', name: configName } };
      if (!out.configurations.includes(configName)) out.configurations.push(configName);
      revName = config.status?.latestReadyRevisionName ?? '';
      if (!revName) {
        const failed = readyStatus(config) === 'False';
        return { ...out, error: { kind: failed ? 'configurationFailed' : 'configurationNotReady', name: configName } };
      }
    }
    const rev = lookup.revision(ns, revName);
    if (!rev) return { ...out, error: { kind: 'missing', targetKind: 'Revision', name: revName } };
    const ready = readyStatus(rev);
    if (ready !== 'True') {
      return { ...out, error: { kind: ready === 'False' ? 'revisionFailed' : 'revisionNotReady', name: revName } };
    }
    if (!out.revisions.includes(revName)) out.revisions.push(revName);
    const target: RevisionTarget = {
      revisionName: revName,
      latestRevision: tt.latestRevision ?? !tt.revisionName,
      percent: tt.percent ?? 0,
      protocol: protocolType(rev.spec),
    };
    if (tt.tag) target.tag = tt.tag;
    if (configName) target.configurationName = configName;
    else if (rev.metadata.labels?.[CONFIGURATION_LABEL]) target.configurationName = rev.metadata.labels[CONFIGURATION_LABEL];
    out.targets.push(target);
    out.groups.get('')!.push(target);
    // A tag's own host always sends everything to its Revision.
    if (tt.tag) out.groups.set(tt.tag, [{ ...target, percent: 100 }]);
  }
  return out;
}

/** status.traffic: spec order, same (tag, revision, latestRevision) merged with percents summed, tag URLs. */
export function statusTraffic(targets: readonly RevisionTarget[], tagURL: (tag: string) => string): TrafficTarget[] {
  const out: TrafficTarget[] = [];
  for (const t of targets) {
    const same = out.find(
      (o) => (o.tag ?? '') === (t.tag ?? '') && o.revisionName === t.revisionName && o.latestRevision === t.latestRevision,
    );
    if (same) {
      same.percent = (same.percent ?? 0) + t.percent;
      continue;
    }
    const entry: TrafficTarget = {};
    if (t.tag) entry.tag = t.tag;
    entry.revisionName = t.revisionName;
    entry.latestRevision = t.latestRevision;
    entry.percent = t.percent;
    if (t.tag) entry.url = tagURL(t.tag);
    out.push(entry);
  }
  return out;
}
