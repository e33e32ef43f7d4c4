// The life of one pod on this node: allocates its loopback IP, prepares volumes and environment,
// runs each container as a process, probes it, restarts it per restartPolicy with CrashLoopBackOff
// back-off, terminates it gracefully, and reports what happened as a pod status.
import { mkdir } from 'node:fs/promises';
import type { Clock } from '../../controller/clock.js';
import type { Pod } from '../../controller/kinds.js';
import { ContainerProcess, type ProcessExit } from './container-process.js';
import { buildContainerEnv, ContainerConfigError, type EnvSources } from './env.js';
import { commandLine, imageNotRunnableMessage, withClusterNetworkEnv, withPodNetworkEnv, workingDir } from './launch-spec.js';
import { resolveImage } from './images.js';
import { runLifecycleHook } from './lifecycle-hook.js';
import { containerLogPath } from './log-paths.js';
import type { PodIpAllocator } from './pod-ip.js';
import { runProbe, type Probe } from './probe.js';
import { buildPodStatus, NODE_CONDITIONS, type ContainerStatus, type PodCondition } from './pod-status.js';
import { Prober } from './prober.js';
import { podStateDir, removeRecord, writeRecord, type ContainerRecord } from './state-files.js';
import { stopContainer } from './termination.js';
import { materializeVolumes, mountEnv } from './volumes.js';

type Container = NonNullable<Pod['spec']>['containers'][number];
/** Wire form of a container state (exactly one of waiting, running, terminated). */
export type ContainerStateWire = NonNullable<ContainerStatus['state']>;

/** Settings and services a pod worker uses. */
export interface PodWorkerDeps {
  dataDir: string;
  /** Directory given to containerLogPath (the API server must read logs from the same one). */
  logDataDir: string;
  clock: Clock;
  ips: PodIpAllocator;
  sources: EnvSources;
  preloadPath: string;
  /** Environment every container starts from (PATH, HOME... plus agent-wide extras). */
  baseEnv: Record<string, string>;
  defaultWorkingDir: string;
  fastProbeMs: number;
  crashLoopBaseMs: number;
  crashLoopMaxMs: number;
  /** A container that ran this long before exiting starts its back-off afresh. */
  backoffResetMs: number;
  /** Retry interval for config errors (missing ConfigMap, unrunnable image). */
  configRetryMs: number;
  adoptPollMs: number;
  /** The pod's state changed: reconcile it again. */
  notify: () => void;
  /** Records an Event about the pod. */
  event: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /** Debug log line. */
  debug?: (msg: string) => void;
  /** The gateway's port: containers reach in-cluster hosts through it (withClusterNetworkEnv). */
  gatewayPort?: number;
  /** Runs lifecycle hooks (default runLifecycleHook; tests inject one). */
  runHook?: typeof runLifecycleHook;
}

/** Runtime state of one container. */
interface ContainerRuntime {
  name: string;
  proc?: ContainerProcess;
  starting: boolean;
  restartCount: number;
  /** Exits in a row without a long-enough run; drives the back-off. */
  crashes: number;
  state: ContainerStateWire;
  lastState?: ContainerStateWire;
  started: boolean;
  readiness?: Prober;
  liveness?: Prober;
  startup?: Prober;
  nextStartAt: number;
  env?: Record<string, string>;
  cwd?: string;
  /** The reason last reported as an Event, so repeats are not re-announced. */
  warned?: string;
  /** State reported by a previous agent run whose process is gone: the next start is a restart. */
  previous?: ContainerStateWire;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Runs the containers of one pod. */
export class PodWorker {
  readonly uid: string;
  readonly containers = new Map<string, ContainerRuntime>();
  /** Init containers, run one after the other to success before the main containers. */
  readonly inits = new Map<string, ContainerRuntime>();
  ip: string;
  private terminating = false;
  // The shortest grace period termination was asked for (a container that finishes launching after
  // terminate() is stopped with it).
  private terminationGraceMs: number | undefined;
  private initDone: boolean;
  private initFailed = false;
  private volumes: Map<string, string> | undefined;
  private readonly startTime: string;
  /** The node's conditions as last reported: their transition times must not depend on which
   * version of the pod object the caller happens to hold. */
  private reported: PodCondition[] | undefined;

  constructor(
    private pod: Pod,
    private readonly deps: PodWorkerDeps,
  ) {
    this.uid = pod.metadata?.uid ?? '';
    this.ip = deps.ips.allocate(this.uid, pod.status?.podIP);
    this.startTime = pod.status?.startTime ?? iso(deps.clock.now());
    // Transition times survive an agent restart through the reported status.
    this.reported = ownConditions(pod.status?.conditions);
    // Init containers run once per pod: an agent restart after they finished does not rerun them.
    this.initDone = !pod.spec?.initContainers?.length || Boolean(pod.status?.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True'));
    for (const cs of pod.status?.initContainerStatuses ?? []) {
      const rt = this.runtime(cs.name, this.inits);
      rt.restartCount = cs.restartCount ?? 0;
      if (cs.state) rt.state = cs.state;
    }
    // Restart counts survive an agent restart through the reported status.
    for (const cs of pod.status?.containerStatuses ?? []) {
      const rt = this.runtime(cs.name);
      rt.restartCount = cs.restartCount ?? 0;
      if (cs.lastState && Object.keys(cs.lastState).length) rt.lastState = cs.lastState;
      if (cs.state?.running || cs.state?.terminated) rt.previous = cs.state;
    }
  }

  private get key(): string {
    return `${this.pod.metadata?.namespace}/${this.pod.metadata?.name}`;
  }

  private runtime(name: string, map = this.containers): ContainerRuntime {
    let rt = map.get(name);
    if (!rt) {
      rt = { name, starting: false, restartCount: 0, crashes: 0, started: false, nextStartAt: 0, state: { waiting: { reason: 'ContainerCreating' } } };
      map.set(name, rt);
    }
    return rt;
  }

  private allRuntimes(): ContainerRuntime[] {
    return [...this.inits.values(), ...this.containers.values()];
  }

  /** Takes over a live process recorded by a previous agent run. */
  adopt(rec: ContainerRecord): void {
    const spec = this.pod.spec?.containers.find((c) => c.name === rec.container);
    if (!spec) return;
    const rt = this.runtime(rec.container);
    const startedAt = Date.parse(rec.startedAt) || this.deps.clock.now();
    rt.restartCount = rec.restartCount;
    rt.previous = undefined;
    rt.proc = ContainerProcess.adopt(rec.pid, startedAt, rec.procStart, this.deps.clock, this.deps.adoptPollMs, (e) => this.onExit(rt, spec, startedAt, e));
    rt.state = { running: { startedAt: iso(startedAt) } };
    this.startProbers(rt, spec);
  }

  /** True once termination was requested and every container process has exited. */
  get stopped(): boolean {
    return this.terminating && this.allRuntimes().every((c) => !c.proc?.running && !c.starting);
  }

  /** Brings containers to the state the pod spec asks for; returns when to look again, if needed. */
  async sync(pod: Pod): Promise<number | undefined> {
    this.pod = pod;
    if (this.terminating) return undefined;
    const policy = pod.spec?.restartPolicy ?? 'Always';
    if (!this.initDone) {
      const wait = await this.syncInits(pod, policy);
      if (!this.initDone) return wait;
    }
    let retryAt: number | undefined;
    const now = this.deps.clock.now();
    for (const spec of pod.spec?.containers ?? []) {
      const rt = this.runtime(spec.name);
      if (rt.starting || rt.proc?.running) continue;
      const exited = rt.proc?.exit;
      const finishedBefore = !rt.proc ? rt.previous?.terminated : undefined;
      if (finishedBefore && !(policy === 'Always' || (policy === 'OnFailure' && finishedBefore.exitCode !== 0))) {
        // Finished under a previous agent run and not to be restarted: keep reporting that.
        rt.state = rt.previous!;
        continue;
      }
      if (exited) {
        const again = policy === 'Always' || (policy === 'OnFailure' && exited.exitCode !== 0);
        if (!again) continue;
        if (now < rt.nextStartAt) {
          const delayS = Math.round((rt.nextStartAt - (exited.finishedAt ?? now)) / 1000);
          rt.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${delayS}s restarting failed container=${spec.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${this.uid})` } };
          this.warnOnce(rt, 'BackOff', `Back-off restarting failed container ${spec.name} in pod ${pod.metadata?.name}_${pod.metadata?.namespace}(${this.uid})`);
          retryAt = Math.min(retryAt ?? Infinity, rt.nextStartAt);
          continue;
        }
      } else if (now < rt.nextStartAt) {
        retryAt = Math.min(retryAt ?? Infinity, rt.nextStartAt);
        continue;
      }
      await this.launch(rt, spec, pod);
      if (!rt.proc?.running && !rt.starting && rt.nextStartAt > now) retryAt = Math.min(retryAt ?? Infinity, rt.nextStartAt);
    }
    return retryAt === undefined ? undefined : Math.max(0, retryAt - this.deps.clock.now());
  }

  // Runs init containers in order; returns a retry delay while one is backing off.
  private async syncInits(pod: Pod, policy: string): Promise<number | undefined> {
    if (this.initFailed) return undefined;
    for (const spec of pod.spec?.initContainers ?? []) {
      const rt = this.runtime(spec.name, this.inits);
      if (rt.starting || rt.proc?.running) return undefined;
      const exit = rt.proc?.exit;
      if (exit?.exitCode === 0 || (!rt.proc && rt.state.terminated?.exitCode === 0)) continue;
      if (exit || rt.state.terminated) {
        // A failed init container fails the pod under Never; otherwise it is retried with back-off.
        if (policy === 'Never') {
          this.initFailed = true;
          return undefined;
        }
        const now = this.deps.clock.now();
        if (now < rt.nextStartAt) {
          rt.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container=${spec.name} pod=${pod.metadata?.name}_${pod.metadata?.namespace}(${this.uid})` } };
          return rt.nextStartAt - now;
        }
      }
      await this.launch(rt, spec, pod, true);
      return rt.proc?.running ? undefined : Math.max(0, rt.nextStartAt - this.deps.clock.now());
    }
    this.initDone = true;
    return undefined;
  }

  private warnOnce(rt: ContainerRuntime, reason: string, message: string): void {
    if (rt.warned === reason) return;
    rt.warned = reason;
    this.deps.event('Warning', reason, message);
  }

  private async launch(rt: ContainerRuntime, spec: Container, pod: Pod, isInit = false): Promise<void> {
    rt.starting = true;
    try {
      const prepared = await this.prepare(rt, spec, pod);
      if (!prepared || this.terminating) return;
      const { command, args, env, cwd } = prepared;
      const restart = Boolean(rt.proc?.exit);
      const logPath = containerLogPath(this.deps.logDataDir, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '', this.uid, spec.name);
      let proc: ContainerProcess;
      try {
        proc = await ContainerProcess.launch({ command, args, env, cwd, logPath }, this.deps.clock, (e) => this.onExit(rt, spec, proc.startedAt, e, isInit));
      } catch (err) {
        // Could not start at all (e.g. executable not found): a failed run that backs off like a crash.
        const now = this.deps.clock.now();
        if (restart || rt.state.terminated) rt.restartCount++;
        rt.lastState = rt.state.terminated ? rt.state : rt.lastState;
        rt.state = { terminated: { exitCode: 128, reason: 'StartError', message: (err as Error).message, startedAt: iso(now), finishedAt: iso(now) } };
        rt.crashes++;
        rt.nextStartAt = now + this.backoff(rt.crashes);
        rt.proc = undefined;
        this.warnOnce(rt, 'Failed', `Error: failed to start container "${spec.name}": ${(err as Error).message}`);
        return;
      }
      if (restart) {
        rt.restartCount++;
        rt.lastState = rt.state.terminated ? rt.state : rt.lastState;
      } else if (rt.previous) {
        // Its process died while no agent was watching: exit status unknown, like a node reboot.
        const was = rt.previous.running?.startedAt ?? rt.previous.terminated?.startedAt;
        rt.restartCount++;
        rt.lastState = { terminated: { exitCode: 255, reason: 'Unknown', ...(was ? { startedAt: was } : {}), finishedAt: iso(proc.startedAt) } };
      }
      rt.previous = undefined;
      rt.proc = proc;
      this.deps.debug?.(`${this.key}: container ${spec.name} started, pid ${proc.pid}`);
      this.deps.event('Normal', 'Started', `Started container ${spec.name}`);
      rt.warned = undefined;
      rt.state = { running: { startedAt: iso(proc.startedAt) } };
      writeRecord(this.deps.dataDir, {
        podKey: this.key,
        uid: this.uid,
        container: spec.name,
        pid: proc.pid,
        procStart: proc.procStart,
        startedAt: iso(proc.startedAt),
        restartCount: rt.restartCount,
        podIp: this.ip,
      });
      if (this.terminating) {
        // terminate() ran while the process was being spawned and could not signal it: stop it now
        // (no probers), or it would run on and the pod would never finish terminating.
        this.deps.event('Normal', 'Killing', `Stopping container ${spec.name}`);
        void proc.stop(this.terminationGraceMs ?? this.graceMs());
        return;
      }
      if (!isInit) this.startProbers(rt, spec);
    } finally {
      rt.starting = false;
    }
  }

  // Resolves command, environment and working dir; a config problem leaves the container waiting.
  private async prepare(rt: ContainerRuntime, spec: Container, pod: Pod): Promise<{ command: string; args: string[]; env: Record<string, string>; cwd: string } | undefined> {
    const now = this.deps.clock.now();
    const image = spec.command?.length ? undefined : resolveImage(spec.image ?? '');
    if (!spec.command?.length && !image) {
      const message = imageNotRunnableMessage(spec.image);
      rt.state = { waiting: { reason: 'ImageNotRunnable', message } };
      rt.nextStartAt = now + this.deps.configRetryMs;
      this.warnOnce(rt, 'ImageNotRunnable', message);
      return undefined;
    }
    let env: Record<string, string>;
    try {
      const podDir = podStateDir(this.deps.dataDir, this.uid);
      if (!this.volumes) {
        await mkdir(podDir, { recursive: true });
        this.volumes = await materializeVolumes(pod, podDir, this.deps.sources);
      }
      // Status fields the downward API may reference are known now.
      const podView: Pod = { ...pod, status: { ...pod.status, podIP: this.ip, hostIP: '127.0.0.1' } };
      const own = await buildContainerEnv(podView, spec, this.deps.sources);
      // Like the kubelet: HOSTNAME is the pod's name unless the container sets it.
      const hostname = { HOSTNAME: pod.spec?.hostname ?? pod.metadata?.name ?? '' };
      env = { ...this.deps.baseEnv, ...hostname, ...(image?.env ?? {}), ...mountEnv(spec, this.volumes), ...own };
    } catch (err) {
      if (!(err instanceof ContainerConfigError)) throw err;
      this.volumes = undefined;
      rt.state = { waiting: { reason: err.reason, message: err.message } };
      rt.nextStartAt = now + this.deps.configRetryMs;
      this.warnOnce(rt, 'Failed', `Error: ${err.message}`);
      return undefined;
    }
    env = withPodNetworkEnv(env, spec, this.ip, this.deps.preloadPath);
    const { command, args } = commandLine(spec, image, env);
    if (this.deps.gatewayPort) env = withClusterNetworkEnv(env, command, this.deps.gatewayPort, pod.metadata?.namespace ?? '');
    rt.env = env;
    const cwd = workingDir(spec, image, this.deps.defaultWorkingDir);
    rt.cwd = cwd;
    return { command, args, env, cwd };
  }

  private backoff(crashes: number): number {
    // The first restart is immediate; then base, 2×base, 4×base... up to max (kubelet's CrashLoopBackOff).
    if (crashes <= 1) return 0;
    return Math.min(this.deps.crashLoopMaxMs, this.deps.crashLoopBaseMs * 2 ** (crashes - 2));
  }

  private onExit(rt: ContainerRuntime, spec: Container, startedAt: number, e: ProcessExit, isInit = false): void {
    this.stopProbers(rt);
    rt.started = false;
    const ranMs = e.finishedAt - startedAt;
    rt.crashes = ranMs >= this.deps.backoffResetMs ? 1 : rt.crashes + 1;
    rt.nextStartAt = e.finishedAt + this.backoff(rt.crashes);
    const reason = e.exitCode === 0 ? 'Completed' : 'Error';
    rt.state = {
      terminated: {
        exitCode: e.exitCode,
        reason,
        ...(e.signal && e.signal !== 'unknown' ? { signal: signalNumber(e.signal) } : {}),
        startedAt: iso(startedAt),
        finishedAt: iso(e.finishedAt),
        containerID: `process://${rt.proc?.pid ?? ''}`,
      },
    };
    if (isInit && e.exitCode === 0) rt.nextStartAt = 0;
    removeRecord(this.deps.dataDir, this.uid, spec.name);
    this.deps.notify();
  }

  private startProbers(rt: ContainerRuntime, spec: Container): void {
    const make = (kind: 'readiness' | 'liveness' | 'startup', probe: Probe) =>
      new Prober({
        kind,
        probe,
        clock: this.deps.clock,
        fastPeriodMs: this.deps.fastProbeMs,
        run: () => runProbe(probe, spec, this.ip, rt.env ?? this.deps.baseEnv, rt.cwd),
        onChange: (ok, message) => this.onProbe(rt, spec, kind, ok, message),
      });
    const startMain = () => {
      rt.started = true;
      if (spec.readinessProbe) (rt.readiness = make('readiness', spec.readinessProbe)).start();
      if (spec.livenessProbe) (rt.liveness = make('liveness', spec.livenessProbe)).start();
    };
    if (spec.startupProbe) {
      rt.startup = make('startup', spec.startupProbe);
      rt.startup.onStarted = startMain;
      rt.startup.start();
    } else startMain();
  }

  private stopProbers(rt: ContainerRuntime): void {
    for (const p of [rt.readiness, rt.liveness, rt.startup]) p?.stop();
    rt.readiness = rt.liveness = rt.startup = undefined;
  }

  private onProbe(rt: ContainerRuntime, spec: Container, kind: 'readiness' | 'liveness' | 'startup', ok: boolean, message?: string): void {
    this.deps.debug?.(`${this.key}: ${spec.name} ${kind} probe ${ok ? 'succeeded' : 'failed'}`);
    if (kind === 'startup' && ok) {
      rt.startup?.onStarted?.();
    } else if (!ok && kind !== 'readiness') {
      // Failed liveness or startup: restart the container, as the kubelet does.
      const what = kind === 'liveness' ? 'Liveness' : 'Startup';
      this.deps.event('Warning', 'Unhealthy', `${what} probe failed: ${message ?? ''}`.trim());
      this.deps.event('Normal', 'Killing', `Container ${spec.name} failed ${kind} probe, will be restarted`);
      void rt.proc?.stop(this.graceMs());
    } else if (!ok) {
      this.deps.event('Warning', 'Unhealthy', `Readiness probe failed: ${message ?? ''}`.trim());
    }
    this.deps.notify();
  }

  private graceMs(): number {
    return (this.pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** Starts graceful termination (idempotent): every container in parallel runs its preStop hook
   * (unless `hooks` is false), then gets SIGTERM, then SIGKILL at the end of `graceMs`
   * (termination.ts). A later call with a grace of 0 (force delete) kills at once. */
  terminate(graceMs = this.graceMs(), opts: { hooks?: boolean } = {}): void {
    const first = !this.terminating;
    this.terminating = true;
    this.terminationGraceMs = Math.min(this.terminationGraceMs ?? graceMs, graceMs);
    for (const rt of this.allRuntimes()) {
      this.stopProbers(rt);
      rt.started = false;
      if (!rt.proc?.running) continue;
      if (!first) {
        // A shorter deadline while already terminating: force delete (grace 0), or the agent
        // stopping (no waiting for hooks still running).
        if (graceMs <= 0) rt.proc.signal('SIGKILL');
        else if (opts.hooks === false) void rt.proc.stop(graceMs);
        continue;
      }
      this.deps.event('Normal', 'Killing', `Stopping container ${rt.name}`);
      const spec = this.inits.has(rt.name) ? undefined : this.pod.spec?.containers.find((c) => c.name === rt.name);
      const handler = opts.hooks === false ? undefined : spec?.lifecycle?.preStop;
      const proc = rt.proc;
      void stopContainer(proc, {
        clock: this.deps.clock,
        graceMs,
        ...(handler && spec
          ? {
              preStop: (timeoutMs: number) => (this.deps.runHook ?? runLifecycleHook)(handler, { container: spec, podIp: this.ip, env: rt.env ?? this.deps.baseEnv, cwd: rt.cwd, clock: this.deps.clock }, timeoutMs),
              onHookFailed: (message: string) => this.deps.event('Warning', 'FailedPreStopHook', message),
            }
          : {}),
        onSigterm: () => this.deps.debug?.(`${this.key}: SIGTERM to container ${rt.name}`),
      });
    }
  }

  /** Frees what the pod held on this node (its address). */
  release(): void {
    this.deps.ips.release(this.uid);
  }

  /** Leaves processes running (agent stopping for a restart): stops probing and polling only. */
  detach(): void {
    for (const rt of this.allRuntimes()) this.stopProbers(rt);
  }

  /** Ready flag of a container. */
  isReady(name: string): boolean {
    const rt = this.containers.get(name);
    if (!rt?.proc?.running || !rt.started) return false;
    return rt.readiness ? rt.readiness.result : true;
  }

  /** The pod status this worker reports. A condition's transition time is the time of the first
   * call that saw it flip; from then on it is remembered here, whatever `pod` (a possibly stale
   * cached object) says, so the same container state always gives the same status. */
  status(pod: Pod): NonNullable<Pod['status']> {
    const specs = pod.spec?.containers ?? [];
    const statuses: ContainerStatus[] = specs.map((spec) => {
      const rt = this.runtime(spec.name);
      const running = Boolean(rt.proc?.running);
      const initializing = !this.initDone && !rt.proc;
      return {
        name: spec.name,
        image: spec.image ?? '',
        imageID: '',
        ...(rt.proc ? { containerID: `process://${rt.proc.pid}` } : {}),
        ready: this.isReady(spec.name),
        started: running && rt.started,
        restartCount: rt.restartCount,
        state: initializing ? { waiting: { reason: 'PodInitializing' } } : rt.state,
        lastState: rt.lastState ?? {},
      };
    });
    const initStatuses: ContainerStatus[] = (pod.spec?.initContainers ?? []).map((spec) => {
      const rt = this.runtime(spec.name, this.inits);
      const done = rt.state.terminated?.exitCode === 0;
      return {
        name: spec.name,
        image: spec.image ?? '',
        imageID: '',
        ...(rt.proc ? { containerID: `process://${rt.proc.pid}` } : {}),
        ready: done,
        started: Boolean(rt.proc?.running),
        restartCount: rt.restartCount,
        state: rt.state,
        lastState: rt.lastState ?? {},
      };
    });
    const status = buildPodStatus(pod, {
      ip: this.ip,
      startTime: this.startTime,
      now: iso(this.deps.clock.now()),
      initDone: this.initDone,
      initFailed: this.initFailed,
      containerStatuses: statuses,
      initContainerStatuses: initStatuses,
      reportedConditions: this.reported,
    });
    this.reported = ownConditions(status.conditions);
    return status;
  }
}

function ownConditions(conditions: PodCondition[] | undefined): PodCondition[] | undefined {
  return conditions?.filter((c) => NODE_CONDITIONS.includes(c.type));
}

function signalNumber(sig: string): number {
  const table: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };
  return table[sig] ?? 0;
}
