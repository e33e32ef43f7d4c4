// Revision GC as a reconciler over the in-memory client.
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { ServingResources as R } from '../../../../src/lib/serving/resources.js';
import { makeRevisionGcReconciler } from '../../../../src/lib/serving/revision/gc-reconciler.js';

const now = new Date('2026-11-23T18:00:00Z');

describe('revision GC reconciler', () => {
  it('deletes reserve revisions beyond max-non-active-revisions, keeping the latest ready one', async () => {
    const client = new FakeKubeClient(() => now);
    client.seed(R.configurations, { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration', metadata: { name: 'c', namespace: 'default' }, status: { latestReadyRevisionName: 'c-00003' } } as KubeObject);
    for (let i = 1; i <= 3; i++) {
      client.seed(R.revisions, {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Revision',
        metadata: {
          name: `c-0000${i}`,
          namespace: 'default',
          creationTimestamp: new Date(now.getTime() - (10 - i) * 3_600_000).toISOString(),
          labels: { 'serving.knative.dev/configuration': 'c', 'serving.knative.dev/routingState': 'reserve' },
        },
      } as KubeObject);
    }
    const gc = parseServingConfig({ 'config-gc': { 'min-non-active-revisions': '0', 'max-non-active-revisions': '1', 'retain-since-create-time': 'disabled', 'retain-since-last-active-time': 'disabled' } }).gc;
    const result = await makeRevisionGcReconciler({ client, gc: () => gc, now: () => now })('default/c');
    const left = (await client.list(R.revisions, 'default')).items.map((r) => r.metadata?.name).sort();
    expect(left).toEqual(['c-00002', 'c-00003']);
    expect(result).toBeUndefined();
  });
});
