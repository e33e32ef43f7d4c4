import { GC_DISABLED, parseGcConfig, type GcConfig } from '../../../../src/lib/serving/config.js';
import { revisionsToCollect } from '../../../../src/lib/serving/revision/gc.js';
import type { Configuration, Revision } from '../../../../src/lib/serving/types.js';

const HOUR = 3_600_000;
const now = new Date('2026-11-23T18:00:00Z');
const ago = (h: number) => new Date(now.getTime() - h * HOUR).toISOString();

function rev(name: string, createdHoursAgo: number, state: string, activeHoursAgo?: number, noGc = false): Revision {
  const annotations: Record<string, string> = {};
  if (activeHoursAgo !== undefined) annotations['serving.knative.dev/routingStateModified'] = ago(activeHoursAgo);
  if (noGc) annotations['serving.knative.dev/no-gc'] = 'true';
  return {
    metadata: { name, creationTimestamp: ago(createdHoursAgo), labels: { 'serving.knative.dev/routingState': state }, annotations },
    spec: {},
  };
}

const config: Configuration = { metadata: { name: 'c' }, spec: { template: { spec: {} } }, status: { latestReadyRevisionName: 'c-5' } };
const cfg = (over: Partial<GcConfig>): GcConfig => ({ ...parseGcConfig(undefined), ...over });

describe('revisionsToCollect', () => {
  const revs = [
    rev('c-1', 100, 'reserve', 90),
    rev('c-2', 100, 'reserve', 20),
    rev('c-3', 100, 'reserve', 1),
    rev('c-4', 100, 'reserve', 95, true),
    rev('c-5', 100, 'reserve', 99),
    rev('c-6', 1, 'reserve'),
    rev('c-7', 100, 'active', 99),
  ];
  it.each<[string, Partial<GcConfig>, string[]]>([
    ['defaults keep 20 non-active', {}, []],
    ['stale ones go when min is 0 (oldest active time first)', { minNonActiveRevisions: 0 }, ['c-1', 'c-2']],
    ['min 2 stops deleting early', { minNonActiveRevisions: 2 }, ['c-1', 'c-2']],
    ['min 3 keeps one more', { minNonActiveRevisions: 3 }, ['c-1']],
    ['max caps the non-stale too', { minNonActiveRevisions: 0, maxNonActiveRevisions: 1 }, ['c-1', 'c-2', 'c-3']],
    ['time checks disabled, max disabled ⇒ nothing', { minNonActiveRevisions: 0, maxNonActiveRevisions: GC_DISABLED, retainSinceCreateTimeMs: GC_DISABLED, retainSinceLastActiveTimeMs: GC_DISABLED }, []],
    ['time checks disabled, max 1', { minNonActiveRevisions: 0, maxNonActiveRevisions: 1, retainSinceCreateTimeMs: GC_DISABLED, retainSinceLastActiveTimeMs: GC_DISABLED }, ['c-1', 'c-2', 'c-3']],
  ])('%s', (_n, over, want) => {
    expect(revisionsToCollect(config, revs, cfg(over), now)).toEqual(want);
  });
});
