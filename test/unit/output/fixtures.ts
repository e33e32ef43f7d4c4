// Serving objects with fixed timestamps for golden tests (NOW is the injected "current time").
import type { Revision, Route, Service } from '../../../src/lib/api/serving-types.js';
import type { Condition } from '../../../src/lib/api/types.js';

export const NOW = new Date('2026-01-10T12:00:00Z');

/** An ISO timestamp `secs` seconds before NOW. */
export function ago(secs: number): string {
  return new Date(NOW.getTime() - secs * 1000).toISOString();
}

const ok = (type: string, secs: number): Condition => ({ type, status: 'True', lastTransitionTime: ago(secs) });

export function svc(name: string, ns: string, ageSecs: number, status?: Service['status'], meta: Partial<Service['metadata']> = {}): Service {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name, namespace: ns, creationTimestamp: ago(ageSecs), generation: 1, ...meta },
    spec: { template: { spec: { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] } } },
    status,
  };
}

export const readySvc = (name: string, ns: string, ageSecs: number, latest: string): Service =>
  svc(name, ns, ageSecs, {
    observedGeneration: 1,
    url: `http://${name}.${ns}.127.0.0.1.sslip.io`,
    latestReadyRevisionName: latest,
    latestCreatedRevisionName: latest,
    traffic: [{ latestRevision: true, revisionName: latest, percent: 100 }],
    conditions: [ok('Ready', ageSecs), ok('ConfigurationsReady', ageSecs), ok('RoutesReady', ageSecs)],
  });

export const serviceListItems: Service[] = [
  readySvc('hello', 'default', 300, 'hello-00001'),
  svc('pending', 'default', 45),
  svc('broken', 'default', 2 * 86400, {
    url: 'http://broken.default.127.0.0.1.sslip.io',
    conditions: [
      { type: 'Ready', status: 'False', reason: 'RevisionFailed', message: 'Container failed' },
      { type: 'ConfigurationsReady', status: 'False' },
      ok('RoutesReady', 10),
    ],
  }),
];

export function rev(name: string, service: string, gen: number, ageSecs: number, extra: Partial<Revision> = {}): Revision {
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Revision',
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: ago(ageSecs),
      labels: { 'serving.knative.dev/service': service, 'serving.knative.dev/configurationGeneration': String(gen) },
      ...(extra.metadata ?? {}),
    },
    spec: extra.spec ?? { containers: [{ image: 'ghcr.io/knative/helloworld-go' }] },
    status: extra.status ?? {
      conditions: [ok('Ready', ageSecs), ok('Active', ageSecs), ok('ContainerHealthy', ageSecs), { type: 'ResourcesAvailable', status: 'Unknown' }],
    },
  };
}

export const route = (): Route => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Route',
  metadata: {
    name: 'hello',
    namespace: 'default',
    creationTimestamp: ago(120),
    ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' }],
  },
  spec: {},
  status: {
    url: 'http://hello.default.127.0.0.1.sslip.io',
    traffic: [
      { latestRevision: true, revisionName: 'hello-00002', percent: 50 },
      { revisionName: 'hello-00001', percent: 50, tag: 'old', url: 'http://old-hello.default.127.0.0.1.sslip.io' },
    ],
    conditions: [ok('Ready', 120), { type: 'IngressReady', status: 'Unknown', reason: 'Uninitialized', lastTransitionTime: ago(120) }, ok('AllTrafficAssigned', 120)],
  },
});
