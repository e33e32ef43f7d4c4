// Pod status from container statuses, the way the kubelet reports it: conditions (Initialized,
// ContainersReady, Ready with readiness gates, PodScheduled), phase, addresses and QoS class.
// Pure: the caller passes the time.
import type { Pod } from '../../controller/kinds.js';

type Container = NonNullable<Pod['spec']>['containers'][number];
/** Wire form of one container status. */
export type ContainerStatus = NonNullable<NonNullable<Pod['status']>['containerStatuses']>[number];
/** Wire form of one pod condition. */
export type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];

/** Condition types the node owns; any other condition on the pod (readiness gates) belongs to someone else. */
export const NODE_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** What the node knows about a pod besides its spec. */
export interface PodStatusInput {
  ip: string;
  startTime: string;
  /** RFC 3339 time used for condition transitions. */
  now: string;
  initDone: boolean;
  initFailed: boolean;
  containerStatuses: ContainerStatus[];
  initContainerStatuses: ContainerStatus[];
  /** The node's own conditions as it reported them last: transition times are kept from these.
   * Pass the node's memory, not the pod object: a cached object one write behind would otherwise
   * bring back an older transition time, and every write would undo the previous one. */
  reportedConditions?: PodCondition[];
}

/** Builds the status to report for a pod; conditions keep their lastTransitionTime unless they flip.
 * Only readiness-gate conditions (owned by others) are read from `pod.status`. */
export function buildPodStatus(pod: Pod, input: PodStatusInput): NonNullable<Pod['status']> {
  const { now, initDone } = input;
  const statuses = input.containerStatuses;
  const initStatuses = input.initContainerStatuses;
  const specs = pod.spec?.containers ?? [];
  const allReady = specs.length > 0 && statuses.every((s) => s.ready);
  const gates = (pod.spec?.readinessGates ?? []).every((g) => pod.status?.conditions?.some((c) => c.type === g.conditionType && c.status === 'True'));
  const prev = input.reportedConditions ?? pod.status?.conditions ?? [];
  const cond = (type: string, ok: boolean, reason?: string) => {
    const status = ok ? 'True' : 'False';
    const old = prev.find((c) => c.type === type);
    return {
      type,
      status,
      lastTransitionTime: old && old.status === status ? old.lastTransitionTime : now,
      ...(ok || !reason ? {} : { reason }),
    };
  };
  const notReady = statuses.filter((s) => !s.ready).map((s) => s.name);
  const readyReason = notReady.length ? 'ContainersNotReady' : undefined;
  const conditions = [
    cond('PodReadyToStartContainers', true),
    {
      ...cond('Initialized', initDone, 'ContainersNotInitialized'),
      ...(initDone ? {} : { message: `containers with incomplete status: [${initStatuses.filter((s) => !s.ready).map((s) => s.name).join(' ')}]` }),
    },
    { ...cond('Ready', allReady && gates, readyReason), ...(allReady ? {} : { message: `containers with unready status: [${notReady.join(' ')}]` }) },
    { ...cond('ContainersReady', allReady, readyReason), ...(allReady ? {} : { message: `containers with unready status: [${notReady.join(' ')}]` }) },
    cond('PodScheduled', true),
  ];
  // Keep conditions owned by others (readiness gates) as the pod object has them.
  for (const c of pod.status?.conditions ?? []) if (!NODE_CONDITIONS.includes(c.type)) conditions.push(c as (typeof conditions)[number]);
  return {
    phase: podPhase(pod, statuses, input),
    conditions: conditions as never,
    hostIP: '127.0.0.1',
    hostIPs: [{ ip: '127.0.0.1' }],
    podIP: input.ip,
    podIPs: [{ ip: input.ip }],
    startTime: input.startTime,
    containerStatuses: statuses,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
    qosClass: qosClass(pod),
  };
}

/** Pod phase: Pending until containers ran, Succeeded/Failed when all finished for good, else Running. */
export function podPhase(pod: Pod, statuses: ContainerStatus[], init: { initDone: boolean; initFailed: boolean }): string {
  if (init.initFailed) return 'Failed';
  if (!init.initDone) return 'Pending';
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const running = statuses.filter((s) => s.state?.running).length;
  const terminated = statuses.filter((s) => s.state?.terminated);
  const waiting = statuses.filter((s) => s.state?.waiting);
  const everRan = (s: ContainerStatus) => s.restartCount > 0 || Boolean(s.lastState?.terminated) || Boolean(s.state?.terminated);
  if (running > 0) return 'Running';
  if (waiting.some((s) => !everRan(s))) return 'Pending';
  if (policy === 'Always') return statuses.length ? 'Running' : 'Pending';
  const final = statuses.every((s) => {
    const t = s.state?.terminated;
    return t && (policy === 'Never' || t.exitCode === 0);
  });
  if (final && terminated.length === statuses.length) return terminated.every((s) => s.state!.terminated!.exitCode === 0) ? 'Succeeded' : 'Failed';
  return 'Running';
}

/** QoS class from requests and limits. */
export function qosClass(pod: Pod): string {
  const cs = pod.spec?.containers ?? [];
  const has = (c: Container) => Object.keys(c.resources?.limits ?? {}).length + Object.keys(c.resources?.requests ?? {}).length > 0;
  if (!cs.some(has)) return 'BestEffort';
  const guaranteed = cs.every((c) => {
    const l = (c.resources?.limits ?? {}) as Record<string, string>;
    const r = (c.resources?.requests ?? {}) as Record<string, string>;
    return l.cpu && l.memory && (!r.cpu || r.cpu === l.cpu) && (!r.memory || r.memory === l.memory);
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

