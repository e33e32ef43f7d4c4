// List+watch cache of one resource, generic over group/version/plural (built-ins and CRDs).
// Lists, then watches from the list's resourceVersion; reconnects from the last seen version when
// the watch closes (servers and client-node close watches after a while); relists on 410 Gone;
// periodically resyncs (re-announces every cached object) so missed edges heal.
import type { KubeClient, WatchHandle } from './client.js';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { isGone } from './errors.js';
import { objectKey, type KubeObject } from './objects.js';
import type { ResourceRef } from './resources.js';

/** What changed; `old` is the previous cached copy for updates and deletes. */
export type InformerEventType = 'add' | 'update' | 'delete';
/** Handler of cache changes. Objects are the cached copies: never mutate them. */
export type InformerHandler<T extends KubeObject> = (type: InformerEventType, obj: T, old?: T) => void;

/** Informer settings. */
export interface InformerOptions {
  /** Restrict to one namespace (default: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Re-announce every cached object this often (0 = never). */
  resyncMs?: number;
  /** Delay before reconnecting after a failed list or watch. */
  retryDelayMs?: number;
  /** Server-side watch timeout; the informer reconnects when it expires. */
  watchTimeoutSeconds?: number;
  clock?: Clock;
  /** Where list/watch errors are reported. */
  onError?: (err: unknown) => void;
}

/** A cache of one resource kept current by list+watch. */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly handlers: InformerHandler<T>[] = [];
  private resourceVersion = '';
  private watchHandle: WatchHandle | undefined;
  private timer: TimerHandle | undefined;
  private resyncTimer: TimerHandle | undefined;
  private running = false;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private readonly clock: Clock;

  constructor(
    private readonly client: KubeClient,
    readonly ref: ResourceRef,
    private readonly opts: InformerOptions = {},
  ) {
    this.clock = opts.clock ?? realClock;
  }

  /** Registers a change handler; objects already cached are announced as adds. */
  onChange(handler: InformerHandler<T>): void {
    this.handlers.push(handler);
    for (const o of this.cache.values()) handler('add', o);
  }

  /** Starts list+watch; resolves once the first list is in the cache. */
  start(): Promise<void> {
    if (!this.running) {
      this.running = true;
      void this.listAndWatch();
      this.scheduleResync();
    }
    return this.waitForSync();
  }

  /** Stops watching; the cache stays readable. */
  stop(): void {
    this.running = false;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    if (this.resyncTimer !== undefined) this.clock.clearTimeout(this.resyncTimer);
    for (const w of this.syncWaiters.splice(0)) w();
  }

  /** True once the first list completed. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves when the first list completed (or the informer stopped). */
  waitForSync(): Promise<void> {
    if (this.synced || !this.running) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Cached object by namespace ('' for cluster-scoped) and name. */
  get(namespace: string, name: string): T | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  /** Cached object by key "namespace/name". */
  getByKey(key: string): T | undefined {
    return this.cache.get(key);
  }

  /** Cached objects, optionally of one namespace and passing a filter. */
  list(namespace?: string, filter?: (o: T) => boolean): T[] {
    const out: T[] = [];
    for (const o of this.cache.values()) {
      if (namespace !== undefined && (o.metadata?.namespace ?? '') !== namespace) continue;
      if (filter && !filter(o)) continue;
      out.push(o);
    }
    return out;
  }

  private emit(type: InformerEventType, obj: T, old?: T): void {
    for (const h of this.handlers) {
      try {
        h(type, obj, old);
      } catch (err) {
        this.opts.onError?.(err);
      }
    }
  }

  private retry(fn: () => void): void {
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.running) fn();
    }, this.opts.retryDelayMs ?? 1000);
  }

  private scheduleResync(): void {
    const every = this.opts.resyncMs ?? 0;
    if (!every || !this.running) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      for (const o of this.cache.values()) this.emit('update', o, o);
      this.scheduleResync();
    }, every);
  }

  private async listAndWatch(): Promise<void> {
    let list;
    try {
      list = await this.client.list<T>(this.ref, this.opts.namespace, { labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector });
    } catch (err) {
      this.opts.onError?.(err);
      this.retry(() => void this.listAndWatch());
      return;
    }
    if (!this.running) return;
    this.replace(list.items);
    this.resourceVersion = list.resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
    this.watch();
  }

  // Replaces the cache with a fresh list, announcing the differences.
  private replace(items: T[]): void {
    const seen = new Set<string>();
    for (const o of items) {
      const key = objectKey(o);
      seen.add(key);
      const old = this.cache.get(key);
      this.cache.set(key, o);
      if (!old) this.emit('add', o);
      else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion) this.emit('update', o, old);
    }
    for (const [key, old] of [...this.cache]) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.emit('delete', old, old);
      }
    }
  }

  private watch(): void {
    if (!this.running) return;
    const handle = this.client.watch<T>(
      this.ref,
      this.opts.namespace,
      {
        resourceVersion: this.resourceVersion,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
      },
      (ev) => {
        if (handle !== this.watchHandle) return;
        const rv = ev.object?.metadata?.resourceVersion;
        if (rv) this.resourceVersion = rv;
        if (ev.type === 'BOOKMARK') return;
        const key = objectKey(ev.object);
        const old = this.cache.get(key);
        if (ev.type === 'DELETED') {
          this.cache.delete(key);
          this.emit('delete', ev.object, old ?? ev.object);
        } else {
          this.cache.set(key, ev.object);
          this.emit(old ? 'update' : 'add', ev.object, old);
        }
      },
      (err) => {
        if (handle !== this.watchHandle || !this.running) return;
        this.watchHandle = undefined;
        if (err && isGone(err)) {
          // Our resourceVersion was compacted away: the cache may have missed events, relist.
          void this.listAndWatch();
        } else if (err) {
          this.opts.onError?.(err);
          this.retry(() => this.watch());
        } else {
          // A normal close (timeout): resume from where we were.
          this.watch();
        }
      },
    );
    this.watchHandle = handle;
  }
}
