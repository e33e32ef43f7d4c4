// Revision status: ResourcesAvailable and ContainerHealthy roll up into Ready; Active (severity
// Info) mirrors the PodAutoscaler. Inputs are the children's statuses; `now` stamps transitions.
import type { ConditionManager } from '../../controller/conditions.js';
import { newLivingConditionSet } from '../../controller/conditions.js';
import { manage } from '../lifecycle-support.js';
import type { Condition, PodAutoscalerStatus, RevisionStatus } from '../types.js';
import { QUEUE_CONTAINER_NAME } from './resources/queue.js';

/** Revision conditions (Active is informational and not listed). */
export const REVISION_CONDITIONS = newLivingConditionSet('ResourcesAvailable', 'ContainerHealthy');

export const REASON_DEPLOYING = 'Deploying';
export const REASON_PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';
export const REASON_CONTAINER_MISSING = 'ContainerMissing';
export const REASON_UNSCHEDULABLE = 'Unschedulable';
export const REASON_NOT_OWNED = 'NotOwned';

function m(status: RevisionStatus, now: Date): ConditionManager {
  return manage(REVISION_CONDITIONS, status, now);
}

/** Sets missing conditions to Unknown. */
export function initializeRevisionConditions(status: RevisionStatus, now: Date): void {
  m(status, now).initializeConditions();
}

/** Resources are being created: both dependents Unknown with reason Deploying. */
export function markRevisionDeploying(status: RevisionStatus, now: Date, reason = REASON_DEPLOYING): void {
  m(status, now).markUnknown('ResourcesAvailable', reason, '');
  m(status, now).markUnknown('ContainerHealthy', reason, '');
}

/** A child (Deployment, PA) exists but is not ours. */
export function markResourceNotOwned(status: RevisionStatus, kind: string, name: string, now: Date): void {
  m(status, now).markFalse('ResourcesAvailable', REASON_NOT_OWNED, `There is an existing ${kind} "${name}" that we do not own.`);
}

/** The image could not be resolved or pulled. */
export function markContainerMissing(status: RevisionStatus, image: string, message: string, now: Date): void {
  m(status, now).markFalse('ContainerHealthy', REASON_CONTAINER_MISSING, `Unable to fetch image ${JSON.stringify(image)}: ${message}`);
}

/** The user container exited: ContainerHealthy=False ExitCode<N>. */
export function markContainerExiting(status: RevisionStatus, exitCode: number, message: string, now: Date): void {
  m(status, now).markFalse('ContainerHealthy', `ExitCode${exitCode}`, `Container failed with: ${message}`);
}

/** Deployment conditions as apps/v1 reports them. */
export interface DeploymentConditionLike {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** Mirrors the Deployment: Progressing=False or ReplicaFailure=True make ResourcesAvailable False. */
export function propagateDeploymentStatus(
  status: RevisionStatus,
  deployment: { conditions?: DeploymentConditionLike[] } | undefined,
  now: Date,
): void {
  const conds = deployment?.conditions ?? [];
  const failure = conds.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
  const progressing = conds.find((c) => c.type === 'Progressing');
  if (progressing?.status === 'False') {
    m(status, now).markFalse('ResourcesAvailable', progressing.reason ?? '', progressing.message ?? '');
  } else if (failure) {
    m(status, now).markFalse('ResourcesAvailable', failure.reason ?? '', failure.message ?? '');
  } else if (progressing?.status === 'Unknown') {
    m(status, now).markUnknown('ResourcesAvailable', progressing.reason ?? REASON_DEPLOYING, progressing.message ?? '');
  }
}

/** Pod status fields the Revision looks at to explain a failure. */
export interface PodStatusLike {
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses?: {
    name: string;
    state?: {
      waiting?: { reason?: string; message?: string };
      terminated?: { exitCode: number; reason?: string; message?: string };
    };
    lastState?: { terminated?: { exitCode: number; reason?: string; message?: string } };
  }[];
}

const IMAGE_PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

/** Explains a not-yet-available Revision from one of its pods: unschedulable, image, crash. */
export function propagatePodStatus(status: RevisionStatus, pod: PodStatusLike, now: Date): void {
  const scheduled = pod.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === REASON_UNSCHEDULABLE) {
    m(status, now).markFalse('ResourcesAvailable', REASON_UNSCHEDULABLE, scheduled.message ?? '');
    return;
  }
  for (const cs of pod.containerStatuses ?? []) {
    if (cs.name === QUEUE_CONTAINER_NAME) continue;
    const waiting = cs.state?.waiting;
    if (waiting?.reason && IMAGE_PULL_REASONS.has(waiting.reason)) {
      m(status, now).markFalse('ResourcesAvailable', waiting.reason, waiting.message ?? '');
      return;
    }
    const term = cs.state?.terminated ?? cs.lastState?.terminated;
    if (term && term.exitCode !== 0) {
      markContainerExiting(status, term.exitCode, term.message || term.reason || '', now);
      return;
    }
  }
}

function cond(status: PodAutoscalerStatus, type: string): Condition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/** Mirrors the PodAutoscaler: replicas, Active, and availability once the scale target is initialized. */
export function propagateAutoscalerStatus(status: RevisionStatus, pa: PodAutoscalerStatus | undefined, now: Date): void {
  const mgr = m(status, now);
  const resUnavailable = mgr.getCondition('ResourcesAvailable')?.status === 'False';
  const ready = pa ? cond(pa, 'Ready') : undefined;
  delete status.actualReplicas;
  delete status.desiredReplicas;
  if (pa?.actualScale !== undefined && pa.actualScale >= 0) status.actualReplicas = pa.actualScale;
  if (pa?.desiredScale !== undefined && pa.desiredScale >= 0) status.desiredReplicas = pa.desiredScale;
  if (!pa || !ready) {
    mgr.markUnknown('Active', REASON_DEPLOYING, '');
    if (!resUnavailable) mgr.markUnknown('ResourcesAvailable', REASON_DEPLOYING, '');
    return;
  }
  const initialized = cond(pa, 'ScaleTargetInitialized')?.status === 'True';
  if (initialized && !resUnavailable) {
    // The PA is initialized only once the SKS has endpoints, i.e. a pod served.
    mgr.markTrue('ResourcesAvailable');
    mgr.markTrue('ContainerHealthy');
  }
  if (mgr.getCondition('ResourcesAvailable')?.status === 'True' && !pa.serviceName) {
    mgr.markUnknown('ResourcesAvailable', REASON_DEPLOYING, '');
  }
  switch (ready.status) {
    case 'Unknown':
      mgr.markUnknown('Active', ready.reason ?? '', ready.message ?? '');
      break;
    case 'False':
      // Scaled to zero before ever reaching the initial scale: the Revision never came up.
      if (!initialized && pa.serviceName) {
        mgr.markFalse('ResourcesAvailable', REASON_PROGRESS_DEADLINE_EXCEEDED, 'Initial scale was never achieved');
      }
      mgr.markFalse('Active', ready.reason ?? '', ready.message ?? '');
      break;
    case 'True':
      mgr.markTrue('Active');
      break;
  }
}
