// Watch fan-out from memory: one storage listener dispatches each committed change to the watchers
// of that resource only, applying kube's selector transitions (an object that stops matching is
// DELETED for that watcher, one that starts matching is ADDED).
import { expired } from './errors.js';
import type { ListFilter, ObjectService } from './object-service.js';
import type { ResourceDef } from './resource-def.js';
import type { StoredEntry, StoreEvent } from './storage.js';

/** What a watcher emits: an event type and the stored entry (or, for ERROR/BOOKMARK, a plain object). */
export type WatchEmit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', entry: StoredEntry) => void;

/** Where a watch starts. */
export type WatchStart =
  /** resourceVersion unset or "0": synthetic ADDED for current state, then changes. */
  | { kind: 'current' }
  /** resourceVersion=N: changes after N (410 Gone if N is older than the kept history). */
  | { kind: 'after'; rv: number };

interface Watcher {
  def: ResourceDef;
  prefix: string;
  filter: ListFilter;
  emit: WatchEmit;
}

/** Buckets are storage prefixes of one resource, matching the storage key layout. */
function bucketOf(key: string): string {
  const second = key.indexOf('/', 1);
  return second < 0 ? key : key.slice(0, second + 1);
}

/** Dispatches storage events to registered watchers. */
export class WatchHub {
  private readonly byBucket = new Map<string, Set<Watcher>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly service: ObjectService) {
    this.unsubscribe = service.backend.onEvent((ev) => this.dispatch(ev));
  }

  private dispatch(ev: StoreEvent): void {
    const set = this.byBucket.get(bucketOf(ev.entry.key));
    if (!set) return;
    for (const w of set) this.deliver(w, ev);
  }

  private deliver(w: Watcher, ev: StoreEvent): void {
    if (!ev.entry.key.startsWith(w.prefix)) return;
    const f = w.filter;
    if (f.labels.length === 0 && f.fields.length === 0) {
      w.emit(ev.type, ev.entry);
      return;
    }
    const now = this.service.matches(w.def, f, ev.entry.obj);
    if (ev.type !== 'MODIFIED') {
      if (now) w.emit(ev.type, ev.entry);
      return;
    }
    const before = ev.prev ? this.service.matches(w.def, f, ev.prev.obj) : now;
    if (now && before) w.emit('MODIFIED', ev.entry);
    else if (now) w.emit('ADDED', ev.entry);
    else if (before) w.emit('DELETED', ev.entry);
  }

  /**
   * Starts a watch. Initial events are emitted synchronously before this returns, and live ones
   * follow with no gap (storage writes are synchronous, so nothing can slip in between).
   * Throws a 410 ApiError if the start revision is too old.
   */
  watch(def: ResourceDef, filter: ListFilter, start: WatchStart, emit: WatchEmit): () => void {
    const w: Watcher = { def, prefix: this.service.listPrefix(def, filter.namespace), filter, emit };
    if (start.kind === 'current') {
      for (const e of this.service.backend.list(w.prefix)) if (this.service.matches(def, filter, e.obj)) emit('ADDED', e);
    } else {
      const events = this.service.backend.since(start.rv);
      if (!events) throw expired(`too old resource version: ${start.rv} (${this.service.backend.oldestWatchable()})`);
      for (const ev of events) if (bucketOf(ev.entry.key) === bucketOf(w.prefix)) this.deliver(w, ev);
    }
    const bucket = bucketOf(w.prefix);
    let set = this.byBucket.get(bucket);
    if (!set) this.byBucket.set(bucket, (set = new Set()));
    set.add(w);
    return () => {
      set!.delete(w);
      if (set!.size === 0) this.byBucket.delete(bucket);
    };
  }

  /** Number of open watches (for tests and metrics). */
  count(): number {
    let n = 0;
    for (const s of this.byBucket.values()) n += s.size;
    return n;
  }

  /** Detaches from storage. */
  close(): void {
    this.unsubscribe();
    this.byBucket.clear();
  }
}
