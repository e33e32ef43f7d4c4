// writeStatus keeps lastTransitionTime of conditions a reconcile ended where they began.
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { keepTransitionTimes, writeStatus } from '../../../../src/lib/serving/reconcile-support.js';
import { ServingResources as R } from '../../../../src/lib/serving/resources.js';

const t0 = '2026-11-23T18:00:00.000Z';
const t1 = '2026-11-23T18:00:05.000Z';

describe('keepTransitionTimes', () => {
  it('restores the time of unchanged conditions and keeps the new time of changed ones', () => {
    const original = { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'RevisionMissing', message: 'm', lastTransitionTime: t0 }, { type: 'RoutesReady', status: 'Unknown', lastTransitionTime: t0 }] };
    const desired = { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'RevisionMissing', message: 'm', lastTransitionTime: t1 }, { type: 'RoutesReady', status: 'True', lastTransitionTime: t1 }] };
    keepTransitionTimes(original, desired);
    expect(desired.conditions.map((c) => c.lastTransitionTime)).toEqual([t0, t1]);
  });

  it('makes writeStatus skip a write that would only move a transition time', async () => {
    const client = new FakeKubeClient(() => new Date(t0));
    const svc = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 's', namespace: 'default', generation: 1 }, status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'Unknown', reason: 'X', lastTransitionTime: t0 }] } };
    client.seed(R.services, svc as KubeObject);
    const stored = client.peek(R.services, 'default', 's') as typeof svc;
    const desired = structuredClone(stored);
    desired.status.conditions[0].lastTransitionTime = t1;
    await writeStatus(client, R.services, stored, desired);
    expect(client.calls).toEqual([]);
  });
});
