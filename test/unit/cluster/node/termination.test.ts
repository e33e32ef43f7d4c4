import { MIN_GRACE_AFTER_HOOK_MS, stopContainer, type HookResult, type StoppableProcess } from '../../../../src/lib/cluster/node/termination.js';
import type { ProcessExit } from '../../../../src/lib/cluster/node/container-process.js';
import { FakeClock } from '../../../../src/lib/controller/clock.js';

// A process that records the signals it gets (with the fake time) and exits when told to.
function fakeProcess(clock: FakeClock, opts: { exitOnTerm?: boolean } = {}) {
  const log: string[] = [];
  let exit: ProcessExit | undefined;
  const waiters: ((e: ProcessExit) => void)[] = [];
  const finish = (code: number) => {
    exit = { exitCode: code, finishedAt: clock.now() };
    for (const w of waiters.splice(0)) w(exit);
  };
  const proc: StoppableProcess = {
    get running() {
      return !exit;
    },
    signal(sig) {
      if (exit) return;
      log.push(`${sig}@${clock.now() - t0}`);
      if (sig === 'SIGKILL') finish(137);
      else if (opts.exitOnTerm) finish(0);
    },
    waitExit: () => (exit ? Promise.resolve(exit) : new Promise((r) => waiters.push(r))),
  };
  const t0 = clock.now();
  return { proc, log, finish };
}

// A hook that resolves when the test says so, logging when it started.
function controlledHook(clock: FakeClock, log: string[]) {
  let done!: (r: HookResult) => void;
  const t0 = clock.now();
  const hook = (timeoutMs: number) => {
    log.push(`hook(${timeoutMs})@${clock.now() - t0}`);
    return new Promise<HookResult>((r) => (done = r));
  };
  return { hook, done: (r: HookResult) => done(r) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('container termination sequence', () => {
  it('runs the preStop hook first, then SIGTERM; the process exits on it', async () => {
    const clock = new FakeClock();
    const { proc, log } = fakeProcess(clock, { exitOnTerm: true });
    const { hook, done } = controlledHook(clock, log);
    const stopped = stopContainer(proc, { clock, graceMs: 30_000, preStop: hook });
    await flush();
    clock.advance(5_000);
    expect(log).toEqual(['hook(30000)@0']); // no signal while the hook runs
    done({ ok: true });
    await stopped;
    expect(log).toEqual(['hook(30000)@0', 'SIGTERM@5000']);
    expect(clock.pending).toBe(0);
  });

  it('SIGKILLs at the end of the grace period, counting the hook time', async () => {
    const clock = new FakeClock();
    const { proc, log } = fakeProcess(clock);
    const { hook, done } = controlledHook(clock, log);
    const stopped = stopContainer(proc, { clock, graceMs: 10_000, preStop: hook });
    await flush();
    clock.advance(4_000);
    done({ ok: true });
    await flush();
    clock.advance(5_999);
    expect(log).toEqual(['hook(10000)@0', 'SIGTERM@4000']);
    clock.advance(1);
    await stopped;
    expect(log).toEqual(['hook(10000)@0', 'SIGTERM@4000', 'SIGKILL@10000']);
  });

  it('gives up on a hook at the grace period, then still leaves the minimum before SIGKILL', async () => {
    const clock = new FakeClock();
    const { proc, log } = fakeProcess(clock);
    const { hook } = controlledHook(clock, log);
    const failed: string[] = [];
    const stopped = stopContainer(proc, { clock, graceMs: 3_000, preStop: hook, onHookFailed: (m) => failed.push(m) });
    await flush();
    clock.advance(3_000);
    await flush();
    expect(log).toEqual(['hook(3000)@0', 'SIGTERM@3000']);
    expect(failed).toEqual(['PreStopHook did not finish within the grace period of 3s']);
    clock.advance(MIN_GRACE_AFTER_HOOK_MS);
    await stopped;
    expect(log[2]).toBe(`SIGKILL@${3_000 + MIN_GRACE_AFTER_HOOK_MS}`);
  });

  it('reports a failed hook and goes on with SIGTERM', async () => {
    const clock = new FakeClock();
    const { proc, log } = fakeProcess(clock, { exitOnTerm: true });
    const failed: string[] = [];
    await stopContainer(proc, { clock, graceMs: 5_000, preStop: async () => ({ ok: false, message: 'HTTP probe failed with statuscode: 500' }), onHookFailed: (m) => failed.push(m) });
    expect(log).toEqual(['SIGTERM@0']);
    expect(failed).toEqual(['PreStopHook failed: HTTP probe failed with statuscode: 500']);
  });

  it('skips the hook and kills at once with a grace period of 0', async () => {
    const clock = new FakeClock();
    const { proc, log } = fakeProcess(clock);
    let ran = false;
    await stopContainer(proc, { clock, graceMs: 0, preStop: async () => ((ran = true), { ok: true }) });
    expect(ran).toBe(false);
    expect(log).toEqual(['SIGKILL@0']);
  });

  it('sends nothing when the process exits while its hook runs', async () => {
    const clock = new FakeClock();
    const { proc, log, finish } = fakeProcess(clock);
    const { hook } = controlledHook(clock, log);
    const stopped = stopContainer(proc, { clock, graceMs: 30_000, preStop: hook });
    await flush();
    finish(0);
    await stopped;
    expect(log).toEqual(['hook(30000)@0']);
    expect(clock.pending).toBe(0);
  });

  it('without a hook: SIGTERM at once, SIGKILL after the whole grace period', async () => {
    const clock = new FakeClock();
    const { proc, log } = fakeProcess(clock);
    const stopped = stopContainer(proc, { clock, graceMs: 1_000 });
    await flush();
    clock.advance(1_000);
    await stopped;
    expect(log).toEqual(['SIGTERM@0', 'SIGKILL@1000']);
  });
});
