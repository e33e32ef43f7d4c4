import {
  computeConfigurationStatus,
} from '../../../../src/lib/serving/configuration/lifecycle.js';
import { latestCreatedRevisionName, makeRevision } from '../../../../src/lib/serving/configuration/resources/revision.js';
import type { Configuration, Revision } from '../../../../src/lib/serving/types.js';

const now = new Date('2026-11-23T18:00:00.123Z');

function config(patch: Partial<Configuration['metadata']> = {}, tmplName?: string): Configuration {
  return {
    metadata: {
      name: 'hello',
      namespace: 'default',
      uid: 'cfg-uid',
      generation: 2,
      labels: { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid' },
      annotations: { 'serving.knative.dev/lastModifier': 'bob', 'serving.knative.dev/routes': 'hello' },
      ...patch,
    },
    spec: {
      template: {
        metadata: { name: tmplName, labels: { app: 'mine' }, annotations: { 'autoscaling.knative.dev/target': '10' } },
        spec: { containers: [{ name: 'user-container', image: 'img' }] },
      },
    },
  };
}

describe('makeRevision', () => {
  it('names the revision after the generation', () => expect(latestCreatedRevisionName(config())).toBe('hello-00002'));
  it('uses the BYO template name', () => expect(latestCreatedRevisionName(config({}, 'hello-v2'))).toBe('hello-v2'));

  const rev = makeRevision(config(), now);
  it('labels it with configuration, generation, uid and service', () => {
    expect(rev.metadata.labels).toEqual({
      app: 'mine',
      'serving.knative.dev/configuration': 'hello',
      'serving.knative.dev/configurationGeneration': '2',
      'serving.knative.dev/configurationUID': 'cfg-uid',
      'serving.knative.dev/service': 'hello',
      'serving.knative.dev/serviceUID': 'svc-uid',
      'serving.knative.dev/routingState': 'active',
    });
  });
  it('creates it active with the routes annotation, creator from lastModifier', () => {
    expect(rev.metadata.annotations).toEqual({
      'autoscaling.knative.dev/target': '10',
      'serving.knative.dev/creator': 'bob',
      'serving.knative.dev/routes': 'hello',
      'serving.knative.dev/routingStateModified': '2026-11-23T18:00:00Z',
    });
  });
  it('is owned by the Configuration', () => {
    expect(rev.metadata.ownerReferences).toEqual([
      { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', name: 'hello', uid: 'cfg-uid', controller: true, blockOwnerDeletion: true },
    ]);
  });
  it('starts pending without a routes annotation', () => {
    const r = makeRevision(config({ annotations: {}, labels: {} }), now);
    expect(r.metadata.labels?.['serving.knative.dev/routingState']).toBe('pending');
    expect(r.metadata.labels?.['serving.knative.dev/service']).toBeUndefined();
  });
});

function rev(name: string, gen: number, ready: 'True' | 'False' | 'Unknown', message = ''): Revision {
  return {
    metadata: { name, labels: { 'serving.knative.dev/configurationGeneration': String(gen) } },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: ready, ...(message ? { reason: 'ExitCode1', message } : {}) }] },
  };
}

function readyOf(s: { conditions?: { type: string; status: string; reason?: string; message?: string }[] }) {
  const c = s.conditions?.find((x) => x.type === 'Ready');
  return [c?.status, c?.reason ?? '', c?.message ?? ''];
}

describe('computeConfigurationStatus', () => {
  const c = config();
  it.each<[string, Configuration['status'], Revision, Revision[], string | undefined, (string | undefined)[]]>([
    ['new revision not ready yet', {}, rev('hello-00002', 2, 'Unknown'), [], undefined, ['Unknown', '', '']],
    ['latest created ready', {}, rev('hello-00002', 2, 'True'), [], 'hello-00002', ['True', '', '']],
    ['latest created failed, older one keeps serving', { latestReadyRevisionName: 'hello-00001' },
      rev('hello-00002', 2, 'False', 'boom'), [rev('hello-00001', 1, 'True')], 'hello-00001',
      ['False', 'RevisionFailed', 'Revision "hello-00002" failed with message: boom.']],
    ['latest ready deleted', { latestReadyRevisionName: 'hello-00001', latestCreatedRevisionName: 'hello-00002' },
      rev('hello-00002', 2, 'Unknown'), [], '', ['False', 'RevisionDeleted', 'Revision "hello-00001" was deleted.']],
  ])('%s', (_n, status, lcr, others, wantReady, wantCond) => {
    const out = computeConfigurationStatus({ ...c, status }, lcr, [lcr, ...others], now);
    expect(out.latestCreatedRevisionName).toBe(lcr.metadata.name);
    expect(out.latestReadyRevisionName).toBe(wantReady);
    expect(readyOf(out)).toEqual(wantCond);
    expect(out.observedGeneration).toBe(2);
  });

  it('does not mutate the input status', () => {
    const input = { ...c, status: {} };
    computeConfigurationStatus(input, rev('hello-00002', 2, 'True'), [], now);
    expect(input.status).toEqual({});
  });
});
