// Keeps one mirror pod per in-process component (mirror-components.ts), like the kubelet does for
// static pods: created Running/Ready at start, replaced when it belongs to an earlier control plane
// run (so restarts never leave duplicates or stale uids), and recreated when someone deletes it.
// The node agent skips these pods (kubernetes.io/config.mirror); nothing here runs a process.
import { rm } from 'node:fs/promises';
import { Controller, type Logger } from '../../controller/controller.js';
import { isAlreadyExists, isNotFound } from '../../controller/errors.js';
import type { InformerFactory } from '../../controller/informer-factory.js';
import type { Node, Pod } from '../../controller/kinds.js';
import type { KubeClient } from '../../controller/client.js';
import { Resources } from '../../controller/resources.js';
import { podLogDir } from '../node/log-paths.js';
import type { ComponentLogs } from './component-logs.js';
import {
  HASH_ANNOTATION,
  MIRROR_COMPONENTS,
  buildMirrorPod,
  isMirrorPod,
  mirrorPodKey,
  mirrorPodStatus,
  type MirrorComponent,
} from './mirror-components.js';

// A pod someone deleted comes back after this long, as at the kubelet's next sync: `kubectl delete`
// first sees it gone (recreated within milliseconds, its wait would watch the new pod until timeout).
const RECREATE_AFTER_DELETE_MS = 1_000;

/** Settings of the mirror pod keeper. */
export interface MirrorPodOptions {
  client: KubeClient;
  informers: InformerFactory;
  logs: ComponentLogs;
  /** Data dir of the API server's pod logs (to remove an old run's files). */
  logDataDir: string;
  nodeName: string;
  /** Identifies this control plane run; pods of other runs are replaced. */
  runId: string;
  /** Control plane start: the pods' startTime and condition times. */
  startedAt: string;
  pid?: number;
  logger: Logger;
  components?: readonly MirrorComponent[];
}

/** The running keeper. */
export interface MirrorPods {
  /** Resolves once every component's pod exists and is Ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Starts keeping the mirror pods. */
export async function startMirrorPods(opts: MirrorPodOptions): Promise<MirrorPods> {
  const components = opts.components ?? MIRROR_COMPONENTS;
  const byKey = new Map(components.map((c) => [mirrorPodKey(c, opts.nodeName), c]));
  const pods = opts.informers.for<Pod>(Resources.pods);
  const pid = opts.pid ?? process.pid;
  const waiting = new Set(byKey.keys());
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = (key: string) => {
    waiting.delete(key);
    if (waiting.size === 0) markReady();
  };

  const deletedAt = new Map<string, number>();

  const nodeRef = async () => {
    const node = await opts.client.get<Node>(Resources.nodes, '', opts.nodeName);
    return { name: opts.nodeName, uid: node.metadata?.uid ?? '' };
  };

  const reconcile = async (key: string) => {
    const c = byKey.get(key);
    if (!c) return undefined;
    const pod = pods.getByKey(key);
    if (pod && !isMirrorPod(pod)) {
      // Someone's own pod holds the name: leave it, as the kubelet would not run over it either.
      opts.logger.error(`mirror pods: ${key} exists and is not a mirror pod; ${c.name} stays without one`);
      done(key);
      return undefined;
    }
    if (pod && (pod.metadata?.annotations?.[HASH_ANNOTATION] !== opts.runId || pod.metadata?.deletionTimestamp)) {
      // An earlier run's pod, or one a user deleted: finish the deletion; its DELETE event brings us back.
      const uid = pod.metadata?.uid ?? '';
      if (pod.metadata?.deletionTimestamp) deletedAt.set(key, Date.now());
      try {
        await opts.client.delete(Resources.pods, c.namespace, pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      await rm(podLogDir(opts.logDataDir, c.namespace, pod.metadata?.name ?? '', uid), { recursive: true, force: true });
      // The DELETE event normally comes first; the requeue covers a watch that missed it.
      return { requeueAfterMs: pod.metadata?.deletionTimestamp ? RECREATE_AFTER_DELETE_MS : 200 };
    }
    const status = mirrorPodStatus(c, opts.startedAt, pid);
    let current = pod;
    if (!current) {
      const wait = (deletedAt.get(key) ?? 0) + RECREATE_AFTER_DELETE_MS - Date.now();
      if (wait > 0) return { requeueAfterMs: wait };
      deletedAt.delete(key);
      try {
        current = await opts.client.create<Pod>(Resources.pods, buildMirrorPod(c, await nodeRef(), opts.runId));
      } catch (e) {
        // The cache is behind: look again once the informer has the existing pod.
        if (isAlreadyExists(e)) return { requeueAfterMs: 200 };
        throw e;
      }
    }
    opts.logs.attach(c.name, { namespace: c.namespace, pod: current.metadata?.name ?? '', uid: current.metadata?.uid ?? '', container: c.container });
    if (!statusMatches(current.status, status)) await opts.client.updateStatus<Pod>(Resources.pods, { ...current, status } as Pod);
    done(key);
    return undefined;
  };

  const controller = new Controller({ name: 'mirror-pods', logger: opts.logger, reconcile, baseDelayMs: 50, maxDelayMs: 5_000 });
  pods.onChange((_type, pod) => {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (byKey.has(key)) controller.enqueue(key);
  });
  await opts.informers.start();
  for (const key of byKey.keys()) controller.enqueue(key);
  controller.start();
  return {
    ready,
    async stop() {
      await controller.stop();
    },
  };
}

// Compares what readers look at, not the whole object: the server may normalise fields it stores,
// and a comparison that never matches would write the status forever.
function statusMatches(have: Pod['status'] | undefined, want: NonNullable<Pod['status']>): boolean {
  const ready = (s: Pod['status'] | undefined) => s?.conditions?.find((c) => c.type === 'Ready')?.status;
  const container = (s: Pod['status'] | undefined) => s?.containerStatuses?.[0];
  return (
    have?.phase === want.phase &&
    have?.podIP === want.podIP &&
    have?.startTime === want.startTime &&
    ready(have) === ready(want) &&
    (have?.conditions?.length ?? 0) === (want.conditions?.length ?? 0) &&
    container(have)?.name === container(want)?.name &&
    container(have)?.ready === container(want)?.ready &&
    container(have)?.containerID === container(want)?.containerID
  );
}
