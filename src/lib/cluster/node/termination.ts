// Stopping one container the way the kubelet does (killContainer): run its preStop hook, bounded by
// the grace period; then SIGTERM; then SIGKILL when the grace period is over. A hook that ran eats
// into the grace period, but the process still gets at least MIN_GRACE_AFTER_HOOK_MS between
// SIGTERM and SIGKILL (the kubelet's minimumGracePeriodInSeconds). Containers of a pod are
// stopped in parallel, each by its own sequence: a Knative revision pod's queue-proxy (no hook)
// starts draining at once, while the user container's hook (/wait-for-drain) holds its SIGTERM
// until the queue-proxy has finished the requests in flight.
import type { Clock, TimerHandle } from '../../controller/clock.js';
import type { ProcessExit } from './container-process.js';

/** The kubelet's floor for the time between SIGTERM and SIGKILL after a preStop hook. */
export const MIN_GRACE_AFTER_HOOK_MS = 2_000;

/** What a termination sequence needs of a process. */
export interface StoppableProcess {
  readonly running: boolean;
  signal(sig: NodeJS.Signals): void;
  waitExit(): Promise<ProcessExit>;
}

/** Outcome of a lifecycle hook. */
export interface HookResult {
  ok: boolean;
  message?: string;
}

/** How to stop one container. */
export interface StopContainerOptions {
  clock: Clock;
  /** The whole grace period (hook included); 0 kills at once without running the hook. */
  graceMs: number;
  /** Runs the container's preStop hook; given the time it may take at most. */
  preStop?: (timeoutMs: number) => Promise<HookResult>;
  /** A hook that failed or ran out of time (the kubelet's FailedPreStopHook event). */
  onHookFailed?: (message: string) => void;
  /** Called just before SIGTERM (tests observe the order). */
  onSigterm?: () => void;
}

/** Runs the sequence; resolves once the process has exited. */
export async function stopContainer(proc: StoppableProcess, o: StopContainerOptions): Promise<ProcessExit> {
  if (!proc.running) return proc.waitExit();
  if (o.graceMs <= 0) {
    proc.signal('SIGKILL');
    return proc.waitExit();
  }
  const start = o.clock.now();
  let remaining = o.graceMs;
  if (o.preStop) {
    const result = await withDeadline(o.clock, o.graceMs, o.preStop(o.graceMs), proc.waitExit());
    if (result === 'exited') return proc.waitExit();
    if (result === 'timeout') o.onHookFailed?.(`PreStopHook did not finish within the grace period of ${Math.round(o.graceMs / 1000)}s`);
    else if (!result.ok) o.onHookFailed?.(`PreStopHook failed: ${result.message ?? ''}`.trim());
    remaining = Math.max(MIN_GRACE_AFTER_HOOK_MS, o.graceMs - (o.clock.now() - start));
  }
  if (!proc.running) return proc.waitExit();
  o.onSigterm?.();
  proc.signal('SIGTERM');
  const kill = o.clock.setTimeout(() => proc.signal('SIGKILL'), remaining);
  const exit = await proc.waitExit();
  o.clock.clearTimeout(kill);
  return exit;
}

// The hook's result, 'timeout' when the deadline passed first, 'exited' when the process ended on its own.
function withDeadline(clock: Clock, ms: number, hook: Promise<HookResult>, exited: Promise<ProcessExit>): Promise<HookResult | 'timeout' | 'exited'> {
  let timer: TimerHandle | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = clock.setTimeout(() => resolve('timeout'), ms)));
  const failed = hook.catch((err: unknown) => ({ ok: false, message: (err as Error)?.message ?? String(err) }));
  return Promise.race([failed, deadline, exited.then(() => 'exited' as const)]).finally(() => clock.clearTimeout(timer));
}
