// The reconcile loop: workers take keys from a rate-limited queue and call reconcile(key).
// Success forgets the key's backoff; a 409 Conflict requeues quietly (someone else wrote first, the
// informer will bring the new version); a PermanentError drops the key; anything else is logged
// and retried with backoff. stop() waits for in-flight reconciles to finish.
import { realClock, type Clock } from './clock.js';
import { isConflict, isPermanent } from './errors.js';
import type { Informer } from './informer.js';
import { controllerOf, objectKey, type KubeObject } from './objects.js';
import { WorkQueue } from './queue.js';

/** What a reconcile may ask for besides success. */
export interface ReconcileResult {
  /** Reconcile this key again after this long (e.g. to re-check a deadline). */
  requeueAfterMs?: number;
}

/** Reconciles one key ("namespace/name"); must be idempotent and level-triggered. */
export type ReconcileFn = (key: string) => Promise<ReconcileResult | void>;

/** Minimal logger the runtime writes to. */
export interface Logger {
  info(msg: string): void;
  error(msg: string): void;
  debug?(msg: string): void;
}

/** A logger that drops everything (default: controllers run silent in tests). */
export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

/** Controller settings. */
export interface ControllerOptions {
  name: string;
  reconcile: ReconcileFn;
  workers?: number;
  clock?: Clock;
  logger?: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Delay before retrying a key after a 409 Conflict (default 5 ms; no backoff growth). */
  conflictDelayMs?: number;
}

/** Runs reconcile workers over a work queue. */
export class Controller {
  readonly queue: WorkQueue;
  private readonly workers: Promise<void>[] = [];
  private readonly logger: Logger;
  private readonly idleWaiters: (() => void)[] = [];
  private busy = 0;

  constructor(private readonly opts: ControllerOptions) {
    this.queue = new WorkQueue({ clock: opts.clock ?? realClock, baseDelayMs: opts.baseDelayMs, maxDelayMs: opts.maxDelayMs });
    this.logger = opts.logger ?? silentLogger;
  }

  /** Enqueues a key. */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Enqueues an object's own key. */
  enqueueObject(obj: KubeObject): void {
    this.queue.add(objectKey(obj));
  }

  /** Enqueues a key after a delay. */
  enqueueAfter(key: string, delayMs: number): void {
    this.queue.addAfter(key, delayMs);
  }

  /** Enqueues every change of an informer's objects under their own key. */
  watch<T extends KubeObject>(informer: Informer<T>, filter?: (obj: T) => boolean): void {
    informer.onChange((_type, obj) => {
      if (!filter || filter(obj)) this.enqueueObject(obj);
    });
  }

  /** Enqueues the controlling owner of every changed dependent whose owner has kind `ownerKind`. */
  watchOwned<T extends KubeObject>(informer: Informer<T>, ownerKind: string): void {
    informer.onChange((_type, obj) => {
      const ref = controllerOf(obj);
      if (ref?.kind !== ownerKind) return;
      const ns = obj.metadata?.namespace;
      this.enqueue(ns ? `${ns}/${ref.name}` : ref.name);
    });
  }

  /** Starts the workers. */
  start(): void {
    const n = this.opts.workers ?? 2;
    for (let i = 0; i < n; i++) this.workers.push(this.runWorker());
  }

  /** Resolves when no key is queued or in process (for tests). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.busy === 0 && this.queue.len() === 0 && this.queue.processingCount() === 0;
  }

  /** Stops taking keys and waits for in-flight reconciles. */
  async stop(): Promise<void> {
    this.queue.shutDown();
    await Promise.all(this.workers);
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async runWorker(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.busy++;
      try {
        await this.processKey(key);
      } finally {
        this.busy--;
        this.queue.done(key);
        if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
      }
    }
  }

  private async processKey(key: string): Promise<void> {
    try {
      const res = await this.opts.reconcile(key);
      this.queue.forget(key);
      if (res && res.requeueAfterMs !== undefined) this.queue.addAfter(key, res.requeueAfterMs);
    } catch (err) {
      if (isPermanent(err)) {
        this.queue.forget(key);
        this.logger.error(`${this.opts.name}: dropping ${key}: ${(err as Error).message}`);
      } else if (isConflict(err)) {
        // Our cached copy was stale; the informer is delivering the newer one (which enqueues the
        // key anyway). Retry soon without growing the backoff: conflicts are not failures.
        this.logger.debug?.(`${this.opts.name}: conflict on ${key}, requeuing`);
        this.queue.addAfter(key, this.opts.conflictDelayMs ?? 5);
      } else {
        this.logger.error(`${this.opts.name}: reconcile ${key} failed: ${(err as Error)?.message ?? String(err)}`);
        this.queue.addRateLimited(key);
      }
    }
  }
}
