// Revision garbage collection policy (spec §13, upstream gc.collect): which Revisions of one
// Configuration to delete now. Pure: the caller lists, deletes and supplies the clock.
import { GC_DISABLED, type GcConfig } from '../config.js';
import { NO_GC_ANNOTATION, ROUTING_STATE_LABEL, ROUTING_STATE_MODIFIED_ANNOTATION } from '../labels.js';
import type { Configuration, Revision } from '../types.js';

function time(v: string | Date | undefined): number {
  if (v === undefined) return 0;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isNaN(t) ? 0 : t;
}

/** When the Revision last changed routing state, else when it was created. */
export function lastActiveTime(rev: Revision): number {
  const modified = rev.metadata.annotations?.[ROUTING_STATE_MODIFIED_ANNOTATION];
  return modified ? time(modified) : time(rev.metadata.creationTimestamp);
}

/** Active Revisions are never collected: latest ready, pinned by no-gc, or not in reserve. */
export function isActiveRevision(rev: Revision, config: Configuration): boolean {
  if (rev.metadata.name === config.status?.latestReadyRevisionName) return true;
  if (rev.metadata.annotations?.[NO_GC_ANNOTATION] === 'true') return true;
  return rev.metadata.labels?.[ROUTING_STATE_LABEL] !== 'reserve';
}

function isStale(rev: Revision, cfg: GcConfig, now: number): boolean {
  const sinceCreate = cfg.retainSinceCreateTimeMs;
  const sinceActive = cfg.retainSinceLastActiveTimeMs;
  if (sinceCreate === GC_DISABLED && sinceActive === GC_DISABLED) return false;
  if (sinceCreate !== GC_DISABLED && now - time(rev.metadata.creationTimestamp) < sinceCreate) return false;
  if (sinceActive !== GC_DISABLED && now - lastActiveTime(rev) < sinceActive) return false;
  return true;
}

/** Names of the Revisions (all of one Configuration) to delete, oldest first. */
export function revisionsToCollect(config: Configuration, revisions: readonly Revision[], cfg: GcConfig, now: Date): string[] {
  const min = cfg.minNonActiveRevisions;
  const max = cfg.maxNonActiveRevisions;
  const allDisabled =
    max === GC_DISABLED && cfg.retainSinceCreateTimeMs === GC_DISABLED && cfg.retainSinceLastActiveTimeMs === GC_DISABLED;
  if (revisions.length <= min || allDisabled) return [];
  const candidates = revisions
    .filter((r) => !isActiveRevision(r, config))
    .sort((a, b) => lastActiveTime(a) - lastActiveTime(b));
  const doomed: string[] = [];
  const kept: Revision[] = [];
  let remaining = candidates.length;
  for (const rev of candidates) {
    if (remaining <= min) return doomed;
    if (isStale(rev, cfg, now.getTime())) {
      doomed.push(rev.metadata.name ?? '');
      remaining--;
    } else {
      kept.push(rev);
    }
  }
  if (max === GC_DISABLED || remaining <= max) return doomed;
  return [...doomed, ...kept.slice(0, remaining - max).map((r) => r.metadata.name ?? '')];
}
