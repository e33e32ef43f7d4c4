import { makeConfiguration } from '../../../../src/lib/serving/service/resources/configuration.js';
import { makeRoute } from '../../../../src/lib/serving/service/resources/route.js';
import type { Service } from '../../../../src/lib/serving/types.js';

const svc: Service = {
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Service',
  metadata: {
    name: 'hello',
    namespace: 'default',
    uid: 'svc-uid',
    labels: { team: 'a' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'serving.knative.dev/rollout-duration': '60s',
      'serving.knative.dev/creator': 'alice',
    },
  },
  spec: {
    template: { metadata: { annotations: { 'autoscaling.knative.dev/min-scale': '1' } }, spec: { containers: [{ name: 'user-container', image: 'img' }] } },
    traffic: [
      { latestRevision: true, percent: 80 },
      { tag: 'old', revisionName: 'hello-00001', latestRevision: false, percent: 20 },
    ],
  },
};

const owner = [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }];

describe('makeConfiguration', () => {
  const c = makeConfiguration(svc);
  it('is named like the Service and owned by it', () => {
    expect(c.metadata).toMatchObject({ name: 'hello', namespace: 'default', ownerReferences: owner });
  });
  it('carries the Service labels plus service and serviceUID', () => {
    expect(c.metadata.labels).toEqual({ team: 'a', 'serving.knative.dev/service': 'hello', 'serving.knative.dev/serviceUID': 'svc-uid' });
  });
  it('drops last-applied and rollout-duration, adds routes', () => {
    expect(c.metadata.annotations).toEqual({ 'serving.knative.dev/creator': 'alice', 'serving.knative.dev/routes': 'hello' });
  });
  it('copies the template (not by reference)', () => {
    expect(c.spec.template).toEqual(svc.spec.template);
    expect(c.spec.template).not.toBe(svc.spec.template);
  });
});

describe('makeRoute', () => {
  const r = makeRoute(svc);
  it('binds latest-revision targets to the Configuration, keeps pinned ones', () => {
    expect(r.spec.traffic).toEqual([
      { latestRevision: true, percent: 80, configurationName: 'hello' },
      { tag: 'old', revisionName: 'hello-00001', latestRevision: false, percent: 20 },
    ]);
  });
  it('keeps rollout-duration, drops last-applied; labelled with the service', () => {
    expect(r.metadata.annotations).toEqual({ 'serving.knative.dev/rollout-duration': '60s', 'serving.knative.dev/creator': 'alice' });
    expect(r.metadata.labels).toEqual({ team: 'a', 'serving.knative.dev/service': 'hello' });
    expect(r.metadata.ownerReferences).toEqual(owner);
  });
});
