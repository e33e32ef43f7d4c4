// One container process: spawned in its own process group (so SIGTERM/SIGKILL reach its children
// too), stdout and stderr appended straight to the container log file, exit reported once.
// A process adopted from a previous agent run is not our child: its exit is detected by polling.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock, TimerHandle } from '../../controller/clock.js';
import { isSameProcessAlive, processStartTime } from './state-files.js';

/** How a process ended. */
export interface ProcessExit {
  exitCode: number;
  signal?: string;
  finishedAt: number;
}

/** What to run. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logPath: string;
}

/** A running (or finished) container process. */
export class ContainerProcess {
  exit: ProcessExit | undefined;
  private readonly exitWaiters: ((e: ProcessExit) => void)[] = [];
  private pollTimer: TimerHandle | undefined;
  private killTimer: TimerHandle | undefined;

  private constructor(
    readonly pid: number,
    readonly startedAt: number,
    readonly procStart: string,
    private readonly clock: Clock,
    private readonly onExit: (e: ProcessExit) => void,
  ) {}

  /** Spawns a process; rejects when it cannot start (e.g. command not found). */
  static launch(spec: LaunchSpec, clock: Clock, onExit: (e: ProcessExit) => void): Promise<ContainerProcess> {
    mkdirSync(dirname(spec.logPath), { recursive: true });
    const fd = openSync(spec.logPath, 'a', 0o600);
    return new Promise((resolve, reject) => {
      let settled = false;
      let proc: ContainerProcess | undefined;
      const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', fd, fd], detached: true });
      closeSync(fd);
      child.once('error', (err) => {
        if (!settled) {
          settled = true;
          reject(err);
        }
      });
      child.once('spawn', () => {
        settled = true;
        proc = new ContainerProcess(child.pid!, clock.now(), processStartTime(child.pid!), clock, onExit);
        resolve(proc);
      });
      child.once('exit', (code, signal) => {
        const e: ProcessExit = { exitCode: code ?? (signal ? 128 + signalNumber(signal) : 1), signal: signal ?? undefined, finishedAt: clock.now() };
        proc?.finish(e);
      });
      // The agent must be able to exit while pods keep running (they are re-adopted).
      child.unref();
    });
  }

  /** Takes over a process started by a previous agent run; exit is detected every `pollMs`. */
  static adopt(pid: number, startedAt: number, procStart: string, clock: Clock, pollMs: number, onExit: (e: ProcessExit) => void): ContainerProcess {
    const proc = new ContainerProcess(pid, startedAt, procStart, clock, onExit);
    const poll = () => {
      if (isSameProcessAlive(pid, procStart)) proc.pollTimer = clock.setTimeout(poll, pollMs);
      // The exit status of a process that is not our child is unknown.
      else proc.finish({ exitCode: 0, signal: 'unknown', finishedAt: clock.now() });
    };
    proc.pollTimer = clock.setTimeout(poll, pollMs);
    return proc;
  }

  private finish(e: ProcessExit): void {
    if (this.exit) return;
    this.exit = e;
    if (this.pollTimer !== undefined) this.clock.clearTimeout(this.pollTimer);
    if (this.killTimer !== undefined) this.clock.clearTimeout(this.killTimer);
    this.onExit(e);
    for (const w of this.exitWaiters.splice(0)) w(e);
  }

  /** True until the process has exited. */
  get running(): boolean {
    return !this.exit;
  }

  /** Resolves when the process has exited. */
  waitExit(): Promise<ProcessExit> {
    if (this.exit) return Promise.resolve(this.exit);
    return new Promise((resolve) => this.exitWaiters.push(resolve));
  }

  /** Sends a signal to the whole process group. */
  signal(sig: NodeJS.Signals): void {
    if (this.exit) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      try {
        process.kill(this.pid, sig);
      } catch {
        // Already gone.
      }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs: number): Promise<ProcessExit> {
    if (!this.exit) {
      if (graceMs <= 0) this.signal('SIGKILL');
      else {
        this.signal('SIGTERM');
        if (this.killTimer === undefined) this.killTimer = this.clock.setTimeout(() => this.signal('SIGKILL'), graceMs);
      }
    }
    return this.waitExit();
  }
}

function signalNumber(sig: string): number {
  const table: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };
  return table[sig] ?? 0;
}
