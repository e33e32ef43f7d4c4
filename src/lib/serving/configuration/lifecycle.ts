// Configuration status: Ready follows the latest created Revision (upstream configuration_lifecycle
// plus the status part of the configuration reconciler).
import { newLivingConditionSet } from '../../controller/conditions.js';
import { CONFIGURATION_GENERATION_LABEL } from '../labels.js';
import { manage } from '../lifecycle-support.js';
import type { Configuration, ConfigurationStatus, Revision } from '../types.js';

/** Configuration conditions: just Ready. */
export const CONFIGURATION_CONDITIONS = newLivingConditionSet();

/** Initializes Ready to Unknown when unset. */
export function initializeConfigurationConditions(status: ConfigurationStatus, now: Date): void {
  manage(CONFIGURATION_CONDITIONS, status, now).initializeConditions();
}

/** Records the newest Revision; Ready goes Unknown until it is also the latest ready one. */
export function setLatestCreatedRevisionName(status: ConfigurationStatus, name: string, now: Date): void {
  status.latestCreatedRevisionName = name;
  if (status.latestReadyRevisionName !== name) manage(CONFIGURATION_CONDITIONS, status, now).markUnknown('Ready', '', '');
}

/** Records a ready Revision; Ready becomes True once it is the latest created one. */
export function setLatestReadyRevisionName(status: ConfigurationStatus, name: string, now: Date): void {
  status.latestReadyRevisionName = name;
  if (status.latestCreatedRevisionName === name) manage(CONFIGURATION_CONDITIONS, status, now).markTrue('Ready');
}

/** The latest created Revision failed: Ready=False RevisionFailed with its message. */
export function markLatestCreatedFailed(status: ConfigurationStatus, name: string, message: string, now: Date): void {
  manage(CONFIGURATION_CONDITIONS, status, now).markFalse(
    'Ready',
    'RevisionFailed',
    `Revision ${JSON.stringify(name)} failed with message: ${message}.`,
  );
}

/** The Revision for this generation could not be created (e.g. its BYO name is taken). */
export function markRevisionCreationFailed(status: ConfigurationStatus, message: string, now: Date): void {
  manage(CONFIGURATION_CONDITIONS, status, now).markFalse('Ready', 'RevisionFailed', `Revision creation failed with message: ${message}.`);
}

/** The latest ready Revision disappeared: Ready=False RevisionDeleted and the name is cleared. */
export function markLatestReadyDeleted(status: ConfigurationStatus, now: Date): void {
  manage(CONFIGURATION_CONDITIONS, status, now).markFalse(
    'Ready',
    'RevisionDeleted',
    `Revision ${JSON.stringify(status.latestReadyRevisionName ?? '')} was deleted.`,
  );
  status.latestReadyRevisionName = '';
}

function readyOf(rev: Revision): 'True' | 'False' | 'Unknown' {
  return rev.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

function generationOf(rev: Revision): number {
  return Number(rev.metadata.labels?.[CONFIGURATION_GENERATION_LABEL] ?? '0') || 0;
}

/**
 * Next Configuration status from its Revisions (those labelled with it). `latestCreated` is the
 * Revision for the current generation, which the reconciler has created already. Returns a copy.
 */
export function computeConfigurationStatus(
  config: Configuration,
  latestCreated: Revision,
  revisions: readonly Revision[],
  now: Date,
): ConfigurationStatus {
  const status: ConfigurationStatus = structuredClone(config.status ?? {});
  initializeConfigurationConditions(status, now);
  const lcrName = latestCreated.metadata.name ?? '';
  setLatestCreatedRevisionName(status, lcrName, now);
  // The latest ready Revision is gone: say so before looking for a replacement.
  const byName = new Map(revisions.map((r) => [r.metadata.name ?? '', r]));
  if (status.latestReadyRevisionName && !byName.has(status.latestReadyRevisionName) && status.latestReadyRevisionName !== lcrName) {
    markLatestReadyDeleted(status, now);
  }
  const lcrReady = readyOf(latestCreated);
  if (lcrReady === 'True') {
    setLatestReadyRevisionName(status, lcrName, now);
  } else {
    // Keep serving the newest older Revision that is ready (it must be newer than the current one).
    const current = status.latestReadyRevisionName ? byName.get(status.latestReadyRevisionName) : undefined;
    const best = [...revisions]
      .filter((r) => r.metadata.name !== lcrName && readyOf(r) === 'True')
      .sort((a, b) => generationOf(b) - generationOf(a))[0];
    if (best && (!current || generationOf(best) > generationOf(current))) {
      setLatestReadyRevisionName(status, best.metadata.name ?? '', now);
    }
    if (lcrReady === 'False') {
      const c = latestCreated.status?.conditions?.find((x) => x.type === 'Ready');
      markLatestCreatedFailed(status, lcrName, c?.message ?? '', now);
    }
  }
  status.observedGeneration = config.metadata.generation;
  return status;
}
