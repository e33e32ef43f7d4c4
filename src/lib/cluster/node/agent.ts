// The node agent (our kubelet): registers the Node `knative-local`, assigns unscheduled pods to
// it, runs their containers as local processes (pod-worker.ts), reports pod status, and on pod
// deletion stops the processes gracefully and then removes the pod object. After a restart it
// re-adopts still-running processes from their pid files and restarts the ones that died.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeClient } from '../../controller/client.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { Controller, silentLogger, type Logger } from '../../controller/controller.js';
import { isNotFound } from '../../controller/errors.js';
import { recordEvent } from '../../controller/events.js';
import { createKubeClient } from '../../controller/http-client.js';
import { Informer } from '../../controller/informer.js';
import { isPodTerminal, type ConfigMap, type Pod, type Secret } from '../../controller/kinds.js';
import { objectKey } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';
import { writeBindPreload } from './bind-preload.js';
import type { EnvSources } from './env.js';
import { podLogDir } from './log-paths.js';
import { registerNode, startHeartbeat } from './node-registration.js';
import { PodIpAllocator, portsFree } from './pod-ip.js';
import { PodStatusWriter } from './pod-status-writer.js';
import { PodWorker, type PodWorkerDeps } from './pod-worker.js';
import { isSameProcessAlive, podStateDir, readAllRecords, type ContainerRecord } from './state-files.js';

/** Node agent settings; durations in ms. */
export interface NodeAgentOptions {
  dataDir: string;
  /** Directory passed to containerLogPath for container logs (default: dataDir). The API server
   * serves `pods/log` from containerLogPath(its own dataDir, ...), so give it that directory. */
  logDataDir?: string;
  nodeName?: string;
  clock?: Clock;
  logger?: Logger;
  /** Use this client instead of one made from the KubeConfig (tests). */
  client?: KubeClient;
  /** Readiness/startup probe interval until the first success (default 10). */
  fastProbeMs?: number;
  /** CrashLoopBackOff base and ceiling (defaults 10 s and 300 s, as the kubelet). */
  crashLoopBaseMs?: number;
  crashLoopMaxMs?: number;
  /** Run time after which a crash starts the back-off afresh (default 10 min). */
  backoffResetMs?: number;
  /** Retry interval for config errors (default 2 s). */
  configRetryMs?: number;
  /** Liveness polling of re-adopted processes (default 500). */
  adoptPollMs?: number;
  /** Node heartbeat interval (default 10 s). */
  heartbeatMs?: number;
  /** Port of the gateway on 127.0.0.1: containers reach in-cluster Service hosts
   * (`*.svc.cluster.local`...) through it, as they would through cluster DNS (README: Cluster DNS). */
  gatewayPort?: number;
  /** Extra environment for every container (e.g. KUBECONFIG for in-cluster clients). */
  podEnv?: Record<string, string>;
  /** Working directory of containers that set none that exists here (default: the agent's cwd). */
  defaultWorkingDir?: string;
  /** Stop pod processes when the agent stops (default true); false leaves them for re-adoption. */
  killOnStop?: boolean;
  /** Grace given to processes killed by stop() (default 2 s). */
  stopGraceMs?: number;
}

/** A running node agent. */
export interface NodeAgent {
  /** Stops the agent; pod processes are stopped too unless `leavePodsRunning` (or killOnStop: false). */
  stop(options?: { leavePodsRunning?: boolean }): Promise<void>;
}

// Host variables a process needs to work at all; the rest of the agent's environment stays out.
const HOST_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT', 'NODE_EXTRA_CA_CERTS'];

/** Starts the node agent for the cluster of `kubeConfig`. */
export async function startNodeAgent(kubeConfig: KubeConfig | undefined, opts: NodeAgentOptions): Promise<NodeAgent> {
  const client = opts.client ?? createKubeClient(kubeConfig!);
  const clock = opts.clock ?? realClock;
  const logger = opts.logger ?? silentLogger;
  const nodeName = opts.nodeName ?? 'knative-local';
  const ips = new PodIpAllocator();
  const workers = new Map<string, PodWorker>();
  const keyOfUid = new Map<string, string>();
  const preloadPath = writeBindPreload(join(opts.dataDir, 'node'));
  const baseEnv: Record<string, string> = {};
  for (const k of HOST_ENV) if (process.env[k] !== undefined) baseEnv[k] = process.env[k]!;
  Object.assign(baseEnv, opts.podEnv ?? {});

  const sources: EnvSources = {
    configMap: (ns, name) => client.get<ConfigMap>(Resources.configMaps, ns, name).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e))),
    secret: (ns, name) => client.get<Secret>(Resources.secrets, ns, name).catch((e) => (isNotFound(e) ? undefined : Promise.reject(e))),
  };

  await registerNode(client, nodeName, clock);
  const heartbeat = startHeartbeat(client, nodeName, clock, opts.heartbeatMs ?? 10_000);

  const podInformer = new Informer<Pod>(client, Resources.pods, { clock, onError: (e) => logger.debug?.(`pods informer: ${(e as Error)?.message}`) });

  const workerDeps = (pod: Pod): PodWorkerDeps => {
    const key = objectKey(pod);
    return {
      dataDir: opts.dataDir,
      logDataDir: opts.logDataDir ?? opts.dataDir,
      clock,
      ips,
      sources,
      preloadPath,
      baseEnv,
      defaultWorkingDir: opts.defaultWorkingDir ?? process.cwd(),
      fastProbeMs: opts.fastProbeMs ?? 10,
      crashLoopBaseMs: opts.crashLoopBaseMs ?? 10_000,
      crashLoopMaxMs: opts.crashLoopMaxMs ?? 300_000,
      backoffResetMs: opts.backoffResetMs ?? 600_000,
      configRetryMs: opts.configRetryMs ?? 2_000,
      adoptPollMs: opts.adoptPollMs ?? 500,
      ...(opts.gatewayPort ? { gatewayPort: opts.gatewayPort } : {}),
      notify: () => controller.enqueue(key),
      event: (type, reason, message) => void recordEvent(client, 'kubelet', pod, type, reason, message, new Date(clock.now())),
      debug: logger.debug,
    };
  };

  const statusWriter = new PodStatusWriter(client);

  // Pod dirs of pods that are gone: processes killed, state and logs removed.
  const cleanup = async (w: PodWorker, pod?: Pod) => {
    workers.delete(w.uid);
    keyOfUid.delete(w.uid);
    statusWriter.forget(w.uid);
    w.release();
    await rm(podStateDir(opts.dataDir, w.uid), { recursive: true, force: true });
    if (pod) await rm(podLogDir(opts.logDataDir ?? opts.dataDir, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', w.uid), { recursive: true, force: true });
  };

  const writeStatus = async (pod: Pod, w: PodWorker) => {
    const status = w.status(pod);
    const changed = await statusWriter.write(pod, status);
    if (changed.length) logger.debug?.(`${objectKey(pod)}: status ${status.phase}, ready ${status.conditions?.find((c) => c.type === 'Ready')?.status} (${changed.join(', ')})`);
  };

  const reconcile = async (key: string) => {
    let pod = podInformer.getByKey(key);
    logger.debug?.(`${key}: sync`);
    // Workers of a pod object that is gone or was replaced (same name, new uid).
    for (const [uid, k] of [...keyOfUid]) {
      if (k !== key || uid === pod?.metadata?.uid) continue;
      const w = workers.get(uid)!;
      w.terminate();
      if (w.stopped) await cleanup(w);
    }
    if (!pod) return undefined;
    // Scheduling: the one node takes every pod. The bind is written while the containers start
    // (it only has to land before the status does): one round trip less on every cold start.
    let bind: Promise<unknown> | undefined;
    if (!pod.spec?.nodeName) {
      if (pod.metadata?.deletionTimestamp) return undefined;
      bind = client.patch<Pod>(Resources.pods, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', { spec: { nodeName } });
      bind.catch(() => undefined);
      pod = { ...pod, spec: { ...pod.spec!, nodeName } };
      void recordEvent(client, 'default-scheduler', pod, 'Normal', 'Scheduled', `Successfully assigned ${key} to ${nodeName}`, new Date(clock.now()));
    }
    if (pod.spec?.nodeName !== nodeName) return undefined;
    const uid = pod.metadata?.uid ?? '';
    let w = workers.get(uid);
    // Processes of this pod left by a previous agent run: adopt them first, whatever happens next.
    if (!w && adoptable.has(uid)) {
      w = new PodWorker(pod, workerDeps(pod));
      workers.set(uid, w);
      keyOfUid.set(uid, key);
      for (const rec of adoptable.get(uid)!) w.adopt(rec);
      adoptable.delete(uid);
    }

    if (pod.metadata?.deletionTimestamp) {
      if (w) {
        const graceS = pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
        w.terminate(graceS * 1000);
        // Process exits re-enqueue the key; finish once all are gone, then write the last status
        // (containers terminated, not ready) and remove the pod with a DELETE of grace 0, as the kubelet does.
        if (!w.stopped) return undefined;
        await writeStatus(pod, w).catch(() => undefined);
      }
      try {
        await client.delete(Resources.pods, pod.metadata.namespace ?? '', pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      if (w) await cleanup(w, pod);
      return undefined;
    }
    if (!w) {
      // A pod that finished before an agent restart stays finished.
      if (isPodTerminal(pod)) return undefined;
      await allocateFreeIp(ips, pod);
      w = new PodWorker(pod, workerDeps(pod));
      workers.set(uid, w);
      keyOfUid.set(uid, key);
    }
    const retryMs = await w.sync(pod);
    if (bind) {
      try {
        await bind;
      } catch (err) {
        // Deleted before it was bound: the DELETE event stops what was started.
        if (isNotFound(err)) return undefined;
        throw err;
      }
    }
    await writeStatus(pod, w);
    return retryMs === undefined ? undefined : { requeueAfterMs: retryMs };
  };

  const controller = new Controller({ name: 'node-agent', clock, logger, workers: 4, reconcile, baseDelayMs: 20, maxDelayMs: 5_000 });

  // Processes left by a previous run: adopt those whose pod still exists (decided after the first list).
  const adoptable = new Map<string, ContainerRecord[]>();
  for (const rec of readAllRecords(opts.dataDir)) {
    if (!isSameProcessAlive(rec.pid, rec.procStart)) continue;
    const list = adoptable.get(rec.uid) ?? [];
    list.push(rec);
    adoptable.set(rec.uid, list);
  }

  // Mirror pods (kubernetes.io/config.mirror) stand for components the control plane runs itself:
  // their owner keeps their status, never this agent.
  controller.watch(podInformer, (p) => !p.metadata?.annotations?.['kubernetes.io/config.mirror'] && (!p.spec?.nodeName || p.spec.nodeName === nodeName));
  await podInformer.start();
  const livePods = new Map(podInformer.list().map((p) => [p.metadata?.uid, p]));
  for (const [uid, recs] of [...adoptable]) {
    const live = livePods.get(uid);
    if (live) {
      // Its processes are bound to this address: reserve it before any new pod is given one.
      ips.allocate(uid, live.status?.podIP ?? recs[0]!.podIp);
      continue;
    }
    // Its pod is gone: nobody will ever stop these processes but us.
    for (const r of recs) killGroup(r.pid);
    adoptable.delete(uid);
    await rm(podStateDir(opts.dataDir, uid), { recursive: true, force: true });
  }
  controller.start();

  return {
    stop: async (stopOpts = {}) => {
      heartbeat.stop();
      podInformer.stop();
      await controller.stop();
      if (stopOpts.leavePodsRunning ?? opts.killOnStop === false) {
        for (const w of workers.values()) w.detach();
        return;
      }
      const all = [...workers.values()];
      // The agent going away is not a pod deletion: no preStop hooks, just SIGTERM and SIGKILL.
      for (const w of all) w.terminate(opts.stopGraceMs ?? 2_000, { hooks: false });
      await Promise.all(all.flatMap((w) => [...w.inits.values(), ...w.containers.values()].map((c) => c.proc?.waitExit())));
      for (const w of all) {
        w.release();
        await rm(podStateDir(opts.dataDir, w.uid), { recursive: true, force: true });
      }
    },
  };
}

// Picks an address whose declared ports nobody on this machine serves yet (another agent, or a
// leftover process), so a new pod can never end up answering for someone else's.
async function allocateFreeIp(ips: PodIpAllocator, pod: Pod): Promise<void> {
  const uid = pod.metadata?.uid ?? '';
  const ports = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
  for (let attempt = 0; attempt < 64; attempt++) {
    const ip = ips.allocate(uid, attempt === 0 ? pod.status?.podIP : undefined);
    if (!ports.length || (await portsFree(ip, ports))) return;
    ips.release(uid);
    ips.block(ip);
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}
