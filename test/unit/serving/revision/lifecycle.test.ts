import {
  initializeRevisionConditions,
  markRevisionDeploying,
  propagateAutoscalerStatus,
  propagateDeploymentStatus,
  propagatePodStatus,
} from '../../../../src/lib/serving/revision/lifecycle.js';
import type { PodAutoscalerStatus, RevisionStatus } from '../../../../src/lib/serving/types.js';

const t0 = new Date('2026-11-23T18:00:00Z');
const t1 = new Date('2026-11-23T18:00:05Z');

function get(s: RevisionStatus, type: string) {
  const c = s.conditions?.find((x) => x.type === type);
  return c ? [c.status, c.reason ?? '', c.message ?? ''] : undefined;
}

function deploying(): RevisionStatus {
  const s: RevisionStatus = {};
  initializeRevisionConditions(s, t0);
  markRevisionDeploying(s, t0);
  return s;
}

const pa = (ready: 'True' | 'False' | 'Unknown', initialized: boolean, extra: Partial<PodAutoscalerStatus> = {}): PodAutoscalerStatus => ({
  serviceName: 'hello-00001',
  conditions: [
    { type: 'Ready', status: ready, ...(ready === 'False' ? { reason: 'NoTraffic', message: 'The target is not receiving traffic.' } : {}) },
    { type: 'ScaleTargetInitialized', status: initialized ? 'True' : 'Unknown' },
  ],
  ...extra,
});

describe('revision lifecycle', () => {
  it('starts Deploying, Ready Unknown', () => {
    const s = deploying();
    expect(get(s, 'Ready')).toEqual(['Unknown', 'Deploying', '']);
    expect(get(s, 'ResourcesAvailable')).toEqual(['Unknown', 'Deploying', '']);
  });

  it('becomes Ready once the PA is initialized and active', () => {
    const s = deploying();
    propagateAutoscalerStatus(s, pa('True', true, { actualScale: 1, desiredScale: 1 }), t1);
    expect(get(s, 'Ready')).toEqual(['True', '', '']);
    expect(get(s, 'Active')).toEqual(['True', '', '']);
    expect(s.conditions?.find((c) => c.type === 'Active')?.severity).toBe('Info');
    expect([s.actualReplicas, s.desiredReplicas]).toEqual([1, 1]);
  });

  it('scaled to zero keeps Ready True with Active False NoTraffic', () => {
    const s = deploying();
    propagateAutoscalerStatus(s, pa('True', true), t0);
    propagateAutoscalerStatus(s, pa('False', true), t1);
    expect(get(s, 'Ready')).toEqual(['True', '', '']);
    expect(get(s, 'Active')).toEqual(['False', 'NoTraffic', 'The target is not receiving traffic.']);
  });

  it('never initialized and inactive ⇒ ProgressDeadlineExceeded', () => {
    const s = deploying();
    propagateAutoscalerStatus(s, pa('False', false), t1);
    expect(get(s, 'Ready')).toEqual(['False', 'ProgressDeadlineExceeded', 'Initial scale was never achieved']);
  });

  it('no PA yet ⇒ Active Unknown Deploying', () => {
    const s = deploying();
    propagateAutoscalerStatus(s, undefined, t1);
    expect(get(s, 'Active')).toEqual(['Unknown', 'Deploying', '']);
  });

  it('deployment progress deadline ⇒ ResourcesAvailable False', () => {
    const s = deploying();
    propagateDeploymentStatus(s, { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }] }, t1);
    expect(get(s, 'Ready')).toEqual(['False', 'ProgressDeadlineExceeded', 'ReplicaSet "x" has timed out progressing.']);
    // A later PA report does not flip availability back while the Deployment says it failed.
    propagateAutoscalerStatus(s, pa('Unknown', true), t1);
    expect(get(s, 'ResourcesAvailable')?.[0]).toBe('False');
  });

  it.each([
    ['crash ⇒ ExitCode', { containerStatuses: [{ name: 'user-container', lastState: { terminated: { exitCode: 1, message: 'panic' } } }] },
      'ContainerHealthy', ['False', 'ExitCode1', 'Container failed with: panic']],
    ['image pull ⇒ that reason', { containerStatuses: [{ name: 'user-container', state: { waiting: { reason: 'ImagePullBackOff', message: 'no such image' } } }] },
      'ResourcesAvailable', ['False', 'ImagePullBackOff', 'no such image']],
    ['unschedulable', { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes' }] },
      'ResourcesAvailable', ['False', 'Unschedulable', '0/1 nodes']],
    ['queue-proxy crash ignored', { containerStatuses: [{ name: 'queue-proxy', state: { terminated: { exitCode: 2 } } }] },
      'ContainerHealthy', ['Unknown', 'Deploying', '']],
  ])('pod status: %s', (_n, pod, type, want) => {
    const s = deploying();
    propagatePodStatus(s, pod as never, t1);
    expect(get(s, type)).toEqual(want);
  });
});
