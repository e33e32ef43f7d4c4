import {
  checkRoutesNotReady,
  initializeServiceConditions,
  markConfigurationNotOwned,
  propagateConfigurationStatus,
  propagateRouteStatus,
} from '../../../../src/lib/serving/service/lifecycle.js';
import type { Configuration, Route, ServiceStatus } from '../../../../src/lib/serving/types.js';

const now = new Date('2026-11-23T18:00:00Z');

function config(ready: 'True' | 'False' | 'Unknown', observed = 1, extra: Partial<NonNullable<Configuration['status']>> = {}): Configuration {
  return {
    metadata: { name: 'hello', generation: 1 },
    spec: { template: { spec: {} } },
    status: {
      observedGeneration: observed,
      latestCreatedRevisionName: 'hello-00001',
      conditions: [{ type: 'Ready', status: ready, ...(ready === 'False' ? { reason: 'RevisionFailed', message: 'Revision "hello-00001" failed with message: boom.' } : {}) }],
      ...extra,
    },
  };
}

function route(ready: 'True' | 'Unknown', statusRev = 'hello-00001', observed = 1): Route {
  return {
    metadata: { name: 'hello', generation: 1 },
    spec: { traffic: [{ configurationName: 'hello', latestRevision: true, percent: 100 }] },
    status: {
      observedGeneration: observed,
      url: 'http://hello.default.example.com',
      address: { url: 'http://hello.default.svc.cluster.local' },
      traffic: [{ revisionName: statusRev, latestRevision: true, percent: 100 }],
      conditions: [{ type: 'Ready', status: ready }],
    },
  };
}

const cond = (s: ServiceStatus, t: string) => {
  const c = s.conditions?.find((x) => x.type === t);
  return [c?.status, c?.reason ?? '', c?.message ?? ''];
};

function reconcileStatus(c: Configuration, r: Route): ServiceStatus {
  const s: ServiceStatus = {};
  initializeServiceConditions(s, now);
  propagateConfigurationStatus(s, c, now);
  propagateRouteStatus(s, r, now);
  checkRoutesNotReady(s, c, r, now);
  return s;
}

describe('service lifecycle', () => {
  it('Ready when both children are ready and traffic is on the latest ready revision', () => {
    const s = reconcileStatus(config('True', 1, { latestReadyRevisionName: 'hello-00001' }), route('True'));
    expect(cond(s, 'Ready')).toEqual(['True', '', '']);
    expect(s).toMatchObject({
      url: 'http://hello.default.example.com',
      address: { url: 'http://hello.default.svc.cluster.local' },
      latestCreatedRevisionName: 'hello-00001',
      latestReadyRevisionName: 'hello-00001',
      traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
    });
  });

  it('revision failure message reaches the Service', () => {
    const s = reconcileStatus(config('False'), route('Unknown'));
    expect(cond(s, 'ConfigurationsReady')).toEqual(['False', 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.']);
    expect(cond(s, 'Ready')).toEqual(['False', 'RevisionFailed', 'Revision "hello-00001" failed with message: boom.']);
  });

  it('TrafficNotMigrated while the route still serves the old revision', () => {
    const s = reconcileStatus(config('True', 1, { latestReadyRevisionName: 'hello-00002' }), route('True', 'hello-00001'));
    expect(cond(s, 'RoutesReady')).toEqual(['Unknown', 'TrafficNotMigrated', 'Traffic is not yet migrated to the latest revision.']);
    expect(cond(s, 'Ready')[0]).toBe('Unknown');
  });

  it('OutOfDate while children have not observed their generation', () => {
    const s = reconcileStatus(config('True', 0), route('True', 'hello-00001', 0));
    expect(cond(s, 'ConfigurationsReady')).toEqual(['Unknown', 'OutOfDate', 'The Configuration is still working to reflect the latest desired specification.']);
    expect(cond(s, 'RoutesReady')).toEqual(['Unknown', 'OutOfDate', 'The Route is still working to reflect the latest desired specification.']);
  });

  it('NotOwned', () => {
    const s: ServiceStatus = {};
    initializeServiceConditions(s, now);
    markConfigurationNotOwned(s, 'hello', now);
    expect(cond(s, 'Ready')).toEqual(['False', 'NotOwned', 'There is an existing Configuration "hello" that we do not own.']);
  });
});
