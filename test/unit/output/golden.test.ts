// Byte-for-byte comparison of tables and describe pages with test/golden/*.txt (written from the spec).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Revision } from '../../../src/lib/api/serving-types.js';
import { revisionColumns, sortRevisions, trafficByRevision } from '../../../src/lib/output/columns/revision.js';
import { routeColumns } from '../../../src/lib/output/columns/route.js';
import { serviceColumns, sortServices } from '../../../src/lib/output/columns/service.js';
import { describeRevision } from '../../../src/lib/output/describe-revision.js';
import { describeRoute } from '../../../src/lib/output/describe-route.js';
import { describeService, revisionDescs } from '../../../src/lib/output/describe-service.js';
import { renderTable } from '../../../src/lib/output/table.js';
import { NOW, ago, readySvc, rev, route, serviceListItems, svc } from './fixtures.js';

const golden = (name: string) => readFileSync(join('test', 'golden', name), 'utf8');

describe('list tables', () => {
  it('service list', () => {
    expect(renderTable(serviceColumns, sortServices(serviceListItems), { now: NOW })).toBe(golden('service-list.txt'));
  });

  it('service list --no-headers', () => {
    expect(renderTable(serviceColumns, sortServices(serviceListItems), { now: NOW, noHeaders: true })).toBe(
      golden('service-list-no-headers.txt'),
    );
  });

  it('service list -A adds NAMESPACE first', () => {
    const items = sortServices([readySvc('web', 'prod', 3 * 3600, 'web-00003'), serviceListItems[0]!]);
    expect(renderTable(serviceColumns, items, { now: NOW, allNamespaces: true })).toBe(golden('service-list-all-namespaces.txt'));
  });

  it('revision list with traffic and tags', () => {
    const hello = readySvc('hello', 'default', 600, 'hello-00002');
    hello.status!.traffic = [
      { revisionName: 'hello-00002', percent: 80, tag: 'candidate' },
      { revisionName: 'hello-00002', percent: 0, tag: 'v2' },
      { revisionName: 'hello-00001', percent: 20 },
    ];
    const failing = { type: 'Ready', status: 'False', reason: 'ContainerMissing', message: 'Unable to fetch image "bad"' };
    const revs = [
      rev('web-00001', 'web', 1, 2 * 86400, {
        status: {
          conditions: [failing, { type: 'Active', status: 'Unknown' }, { type: 'ContainerHealthy', status: 'Unknown' }, { type: 'ResourcesAvailable', status: 'Unknown' }],
        },
      }),
      rev('hello-00001', 'hello', 1, 300),
      rev('hello-00002', 'hello', 2, 60),
    ];
    expect(renderTable(revisionColumns(trafficByRevision([hello])), sortRevisions(revs), { now: NOW })).toBe(golden('revision-list.txt'));
  });

  it('route list', () => {
    const web = { ...route(), metadata: { name: 'web', namespace: 'default' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } };
    expect(renderTable(routeColumns, [route(), web], { now: NOW })).toBe(golden('route-list.txt'));
  });
});

describe('describe pages', () => {
  it('service describe', () => {
    const s = readySvc('hello', 'default', 120, 'hello-00001');
    s.metadata.annotations = { 'serving.knative.dev/creator': 'admin' };
    const digest = `ghcr.io/knative/helloworld-go@sha256:3f1c2a${'0'.repeat(58)}`;
    const r = rev('hello-00001', 'hello', 1, 120, {
      metadata: { name: 'hello-00001', annotations: { 'client.knative.dev/user-image': 'ghcr.io/knative/helloworld-go' } },
      spec: { containers: [{ image: digest }] },
      status: { actualReplicas: 0, desiredReplicas: 0, containerStatuses: [{ imageDigest: digest }], conditions: [{ type: 'Ready', status: 'True' }] },
    });
    r.metadata.labels = { 'serving.knative.dev/service': 'hello', 'serving.knative.dev/configurationGeneration': '1' };
    const byName = new Map([[r.metadata.name!, r]]);
    expect(describeService(s, revisionDescs(s, byName, [r], false), false, NOW)).toBe(golden('service-describe.txt'));
  });

  it('service describe with split traffic, a tag and a failing latest revision', () => {
    const s = svc(
      'web',
      'prod',
      3 * 3600,
      {
        url: 'http://web.prod.127.0.0.1.sslip.io',
        latestReadyRevisionName: 'web-00002',
        latestCreatedRevisionName: 'web-00003',
        traffic: [
          { revisionName: 'web-00002', percent: 90 },
          { revisionName: 'web-00001', percent: 10, tag: 'old' },
        ],
        conditions: [
          { type: 'RoutesReady', status: 'True', lastTransitionTime: ago(7200) },
          { type: 'ConfigurationsReady', status: 'False', reason: 'RevisionFailed', lastTransitionTime: ago(60) },
          { type: 'Ready', status: 'False', reason: 'RevisionMissing', lastTransitionTime: ago(60) },
        ],
      },
      {
        labels: { team: 'a', app: 'shop', 'serving.knative.dev/route': 'web' },
        annotations: { note: 'hi', 'serving.knative.dev/creator': 'admin' },
      },
    );
    const revs: Revision[] = [
      rev('web-00001', 'web', 1, 3 * 3600, { spec: { containers: [{ image: 'ghcr.io/x/web:v1' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }),
      rev('web-00002', 'web', 2, 2 * 3600, {
        spec: { containers: [{ image: 'ghcr.io/x/web:v2' }] },
        status: {
          actualReplicas: 1,
          desiredReplicas: 1,
          containerStatuses: [{ imageDigest: `ghcr.io/x/web@sha256:bbbbbb${'1'.repeat(58)}` }],
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
      rev('web-00003', 'web', 3, 60, {
        spec: { containers: [{ image: 'ghcr.io/x/web:v3' }] },
        status: { conditions: [{ type: 'Ready', status: 'False', reason: 'RevisionMissing' }] },
      }),
    ];
    const byName = new Map(revs.map((r) => [r.metadata.name!, r]));
    expect(describeService(s, revisionDescs(s, byName, revs, false), false, NOW)).toBe(golden('service-describe-traffic.txt'));
  });

  it('revision describe', () => {
    const r = rev('hello-00001', 'hello', 1, 300, {
      spec: {
        containerConcurrency: 10,
        containers: [
          {
            image: 'ghcr.io/knative/helloworld-go:latest',
            ports: [{ containerPort: 8080 }],
            env: [{ name: 'TARGET', value: 'World' }, { name: 'KEY', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
            resources: { requests: { memory: '64Mi' }, limits: { memory: '128Mi' } },
          },
        ],
      },
      status: {
        actualReplicas: 1,
        desiredReplicas: 1,
        conditions: ['ResourcesAvailable', 'ContainerHealthy', 'Ready', 'Active'].map((type) => ({ type, status: 'True', lastTransitionTime: ago(300) })),
      },
    });
    r.metadata.annotations = { 'autoscaling.knative.dev/max-scale': '5', 'serving.knative.dev/creator': 'x' };
    expect(describeRevision(r, undefined, false, NOW)).toBe(golden('revision-describe.txt'));
  });

  it('route describe', () => {
    expect(describeRoute(route(), false, NOW)).toBe(golden('route-describe.txt'));
  });
});
