// Waiting for Ready / deletion on a WATCH (knative/client pkg/wait/wait_for_ready.go), never by polling.
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { KnError, WaitTimeoutError, isNotFound, toKnError } from './errors.js';
import type { ResourceClient, StopWatch } from './resource-client.js';
import { findCondition, type KObject } from './types.js';

/** Options of waitForReady / waitForDeleted. */
export interface WaitOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  /** How long Ready=False is tolerated before failing (ms); Unknown in between cancels it. */
  errorWindowMs: number;
  clock?: Clock;
  /** Progress: seconds since the wait started and the Ready condition's message. */
  onMessage?: (elapsedSeconds: number, message: string) => void;
  /** Delay before re-opening a watch that failed (ms; default 1000). A watch the server simply
   *  ended (its timeout) is re-opened at once. */
  reconnectDelayMs?: number;
}

/** Outcome of a successful wait. */
export interface WaitResult<T> {
  /** Last observed object (undefined after a deletion). */
  object?: T;
  /** Seconds from start to completion. */
  elapsedSeconds: number;
}

/** Pause before re-opening a watch after an error (server restarts, network blips). */
export const DEFAULT_RECONNECT_DELAY_MS = 1000;

type Verdict<T> = { done: true; object?: T } | { done: false; failure?: KnError };

/** Ready iff the object's controller has seen this generation and Ready=True; failure on Ready=False. */
export function readiness(obj: KObject): Verdict<KObject> {
  const gen = obj.metadata.generation;
  const observed = obj.status?.observedGeneration;
  if (gen !== undefined && observed !== gen) return { done: false };
  const ready = findCondition(obj, 'Ready');
  if (ready?.status === 'True') return { done: true, object: obj };
  if (ready?.status === 'False') {
    return { done: false, failure: new KnError(`${ready.reason ?? ''}: ${ready.message ?? ''}`, 'Unknown') };
  }
  return { done: false };
}

/** Waits until the named object is Ready=True for its current generation. */
export function waitForReady<T extends KObject>(client: ResourceClient<T>, name: string, opts: WaitOptions): Promise<WaitResult<T>> {
  const kind = client.resource.singular;
  return runWait(client, name, opts, `timeout: ${kind} '${name}' not ready after ${Math.round(opts.timeoutMs / 1000)} seconds`, {
    initial: (obj) => (obj === undefined ? { done: false } : readyVerdict(obj)),
    event: (type, obj) => (type === 'DELETED' ? { done: false } : readyVerdict(obj)),
    emitMessages: true,
  });
}

/** Waits until the named object is gone (404 or a DELETED event). */
export function waitForDeleted<T extends KObject>(client: ResourceClient<T>, name: string, opts: WaitOptions): Promise<WaitResult<T>> {
  const kind = client.resource.singular;
  // Upstream uses the same "not ready" wording for deletions (spec §0).
  return runWait(client, name, opts, `timeout: ${kind} '${name}' not ready after ${Math.round(opts.timeoutMs / 1000)} seconds`, {
    initial: (obj) => (obj === undefined ? { done: true } : { done: false }),
    event: (type) => (type === 'DELETED' ? { done: true } : { done: false }),
    emitMessages: false,
  });
}

function readyVerdict<T extends KObject>(obj: T): Verdict<T> {
  return readiness(obj) as Verdict<T>;
}

interface Judge<T> {
  initial(obj: T | undefined): Verdict<T>;
  event(type: string, obj: T): Verdict<T>;
  emitMessages: boolean;
}

function runWait<T extends KObject>(
  client: ResourceClient<T>,
  name: string,
  opts: WaitOptions,
  timeoutMessage: string,
  judge: Judge<T>,
): Promise<WaitResult<T>> {
  const clock = opts.clock ?? systemClock;
  const start = clock.now();
  const elapsed = () => (clock.now() - start) / 1000;
  return new Promise<WaitResult<T>>((resolve, reject) => {
    let finished = false;
    let stop: StopWatch | undefined;
    let lastRv: string | undefined;
    let errorTimer: TimerHandle | undefined;
    let reconnectTimer: TimerHandle | undefined;
    let pendingFailure: KnError | undefined;

    const cleanup = () => {
      finished = true;
      stop?.();
      clock.clearTimeout(timeoutTimer);
      if (errorTimer !== undefined) clock.clearTimeout(errorTimer);
      if (reconnectTimer !== undefined) clock.clearTimeout(reconnectTimer);
    };
    const succeed = (object?: T) => {
      if (finished) return;
      cleanup();
      resolve({ object, elapsedSeconds: elapsed() });
    };
    const fail = (e: unknown) => {
      if (finished) return;
      cleanup();
      reject(toKnError(e));
    };
    const timeoutTimer = clock.setTimeout(() => fail(new WaitTimeoutError(timeoutMessage)), opts.timeoutMs);

    const apply = (v: Verdict<T>, obj: T | undefined) => {
      if (v.done) return succeed(v.object ?? obj);
      if (v.failure) {
        pendingFailure = v.failure;
        if (errorTimer === undefined) {
          errorTimer = clock.setTimeout(() => fail(pendingFailure), opts.errorWindowMs);
        }
      } else if (errorTimer !== undefined && obj && findCondition(obj, 'Ready')?.status !== 'False') {
        clock.clearTimeout(errorTimer);
        errorTimer = undefined;
      }
    };

    const observe = (obj: T) => {
      if (!judge.emitMessages || !opts.onMessage) return;
      if (obj.metadata.generation !== undefined && obj.status?.observedGeneration !== obj.metadata.generation) return;
      const msg = findCondition(obj, 'Ready')?.message;
      if (msg) opts.onMessage(elapsed(), msg);
    };

    // (Re)lists the object, then watches from its resourceVersion so no change is missed.
    const startWatch = async () => {
      if (finished) return;
      let obj: T | undefined;
      try {
        obj = await client.get(name);
      } catch (e) {
        if (!isNotFound(e)) return fail(e);
      }
      if (finished) return;
      const v = judge.initial(obj);
      if (v.done) return succeed(obj);
      apply(v, obj);
      lastRv = obj?.metadata.resourceVersion;
      try {
        const s = await client.watch(
          { name, resourceVersion: lastRv },
          {
            onEvent: (ev) => {
              if (finished) return;
              if (ev.type === 'ERROR') {
                // 410 Gone: our resourceVersion is too old; relist and watch again.
                lastRv = undefined;
                stop?.();
                scheduleReconnect(0);
                return;
              }
              if (ev.object.metadata?.resourceVersion) lastRv = ev.object.metadata.resourceVersion;
              if (ev.type === 'BOOKMARK') return;
              if (ev.type !== 'DELETED') observe(ev.object);
              apply(judge.event(ev.type, ev.object), ev.object);
            },
            onClose: (err) => {
              if (finished) return;
              // Client errors (forbidden, bad request ...) will not heal by retrying; 410/429 will.
              const code = err === undefined ? undefined : toKnError(err).code;
              if (code !== undefined && code >= 400 && code < 500 && code !== 410 && code !== 429) return fail(err);
              scheduleReconnect(err === undefined ? 0 : (opts.reconnectDelayMs ?? DEFAULT_RECONNECT_DELAY_MS));
            },
          },
        );
        if (finished) s();
        else stop = s;
      } catch (e) {
        fail(e);
      }
    };
    const scheduleReconnect = (delayMs: number) => {
      if (finished || reconnectTimer !== undefined) return;
      reconnectTimer = clock.setTimeout(() => {
        reconnectTimer = undefined;
        void startWatch();
      }, delayMs);
    };

    void startWatch();
  });
}

/** Formats progress lines like kn: `%7.3fs message`, "..." for a repeat of the previous message. */
export function progressPrinter(write: (line: string) => void): (elapsedSeconds: number, message: string) => void {
  let last: string | undefined;
  return (secs, msg) => {
    const text = msg === last ? '...' : msg;
    last = msg;
    write(`${secs.toFixed(3).padStart(7)}s ${text}\n`);
  };
}
