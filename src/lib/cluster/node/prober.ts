// Runs one probe of one container on a schedule: initialDelaySeconds, periodSeconds,
// success/failureThreshold. Before the first success of a readiness or startup probe it polls
// every `fastPeriodMs` instead, so a pod turns Ready within a few ms of its server listening
// (cold starts matter to scale-from-zero) without raising the steady-state probe rate.
import type { Clock, TimerHandle } from '../../controller/clock.js';
import type { Probe, ProbeResult } from './probe.js';

/** Which probe this is. */
export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** Prober settings. */
export interface ProberOptions {
  kind: ProbeKind;
  probe: Probe;
  clock: Clock;
  /** Interval before the first success of readiness/startup probes. */
  fastPeriodMs: number;
  /** One attempt. */
  run: () => Promise<ProbeResult>;
  /** Called when the thresholded result flips (true = success). */
  onChange: (ok: boolean, message?: string) => void;
}

/** Schedules probe attempts and applies thresholds. */
export class Prober {
  private timer: TimerHandle | undefined;
  private stopped = false;
  private successes = 0;
  private failures = 0;
  private everSucceeded = false;
  private startedAt = 0;
  /** Hook run by the owner when a startup probe succeeds (starts readiness and liveness). */
  onStarted: (() => void) | undefined;
  /** Current thresholded result: liveness starts healthy, readiness and startup start failed. */
  result: boolean;

  constructor(private readonly opts: ProberOptions) {
    this.result = opts.kind === 'liveness';
  }

  /** Starts probing (after initialDelaySeconds). */
  start(): void {
    // Liveness waits one period more, as the kubelet's jittered first tick does: a process that has
    // just been started is not listening yet and must not be killed for it.
    const extra = this.opts.kind === 'liveness' ? (this.opts.probe.periodSeconds ?? 10) * 1000 : 0;
    const delayMs = (this.opts.probe.initialDelaySeconds ?? 0) * 1000 + extra;
    this.startedAt = this.opts.clock.now() + delayMs;
    this.schedule(delayMs);
  }

  /** Stops probing. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.opts.clock.clearTimeout(this.timer);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.opts.clock.setTimeout(() => void this.attempt(), ms);
  }

  private get fast(): boolean {
    return this.opts.kind !== 'liveness' && !this.everSucceeded;
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    let r: ProbeResult;
    try {
      r = await this.opts.run();
    } catch (err) {
      r = { ok: false, message: (err as Error).message };
    }
    if (this.stopped) return;
    const p = this.opts.probe;
    if (r.ok) {
      this.successes++;
      this.failures = 0;
      // Startup and liveness probes need exactly one success; readiness its threshold (first time: one, like fast start).
      const need = this.opts.kind === 'readiness' && this.everSucceeded ? (p.successThreshold ?? 1) : 1;
      if (!this.result && this.successes >= need) this.flip(true);
      this.everSucceeded = true;
    } else {
      this.failures++;
      this.successes = 0;
      // While fast-polling a not-yet-started server, failures are expected and not counted.
      if (this.result && this.failures >= (p.failureThreshold ?? 3)) this.flip(false, r.message);
      // A startup probe fails for good once its whole budget (period × threshold) is spent.
      const budgetMs = (p.periodSeconds ?? 10) * 1000 * (p.failureThreshold ?? 3);
      if (this.opts.kind === 'startup' && this.opts.clock.now() - this.startedAt >= budgetMs) {
        this.stop();
        this.opts.onChange(false, r.message);
        return;
      }
    }
    // A startup probe is done after its first success.
    if (this.opts.kind === 'startup' && this.result) return this.stop();
    this.schedule(this.fast ? this.opts.fastPeriodMs : (p.periodSeconds ?? 10) * 1000);
  }

  private flip(ok: boolean, message?: string): void {
    this.result = ok;
    this.opts.onChange(ok, message);
  }
}
