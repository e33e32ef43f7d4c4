// In-memory ResourceClient for unit tests: resourceVersions, generations, 404/409 like a server, watches.
import { KnError } from './errors.js';
import {
  makeList,
  matchesListOptions,
  updateWithRetry,
  withTypeMeta,
  type ListOptions,
  type ResourceClient,
  type StopWatch,
  type WatchHandlers,
  type WatchOptions,
} from './resource-client.js';
import type { KList, KObject, ResourceType, WatchEvent } from './types.js';

/** Shared storage of all fake clients (one per test), keyed by plural/namespace/name. */
export class FakeStore {
  private rv = 0;
  readonly objects = new Map<string, KObject>();
  private readonly watchers = new Set<{ key: (k: string) => boolean; h: WatchHandlers<KObject> }>();
  /** Fixed creationTimestamp for new objects (tests pin ages). */
  now: () => Date = () => new Date();

  nextResourceVersion(): string {
    this.rv += 1;
    return String(this.rv);
  }

  /** Sends an event to matching watchers (also used by tests to simulate controllers). */
  emit(key: string, ev: WatchEvent<KObject>): void {
    for (const w of [...this.watchers]) if (w.key(key)) w.h.onEvent(structuredClone(ev));
  }

  subscribe(key: (k: string) => boolean, h: WatchHandlers<KObject>): StopWatch {
    const entry = { key, h };
    this.watchers.add(entry);
    return () => {
      this.watchers.delete(entry);
    };
  }

  /** Closes every open watch as a server would after its timeout. */
  closeAllWatches(err?: unknown): void {
    for (const w of [...this.watchers]) {
      this.watchers.delete(w);
      w.h.onClose(err);
    }
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

/** ResourceClient over a FakeStore. */
export class FakeResourceClient<T extends KObject> implements ResourceClient<T> {
  constructor(
    readonly store: FakeStore,
    readonly resource: ResourceType,
    readonly namespace: string,
  ) {}

  private key(name: string, ns = this.namespace): string {
    return `${this.resource.plural}/${ns}/${name}`;
  }

  private notFound(name: string): KnError {
    return new KnError(`${this.resource.plural}.${this.resource.group} "${name}" not found`, 'NotFound', 404);
  }

  async get(name: string): Promise<T> {
    const o = this.store.objects.get(this.key(name));
    if (!o) throw this.notFound(name);
    return withTypeMeta(structuredClone(o) as T, this.resource);
  }

  async list(opts?: ListOptions): Promise<KList<T>> {
    const prefix = this.namespace === '' ? `${this.resource.plural}/` : `${this.resource.plural}/${this.namespace}/`;
    const items = [...this.store.objects.entries()]
      .filter(([k, o]) => k.startsWith(prefix) && matchesListOptions(o, opts))
      .map(([, o]) => structuredClone(o) as T);
    return makeList(this.resource, items);
  }

  async create(obj: T): Promise<T> {
    const name = obj.metadata.name ?? '';
    const k = this.key(name);
    if (this.store.objects.has(k)) {
      throw new KnError(`${this.resource.plural}.${this.resource.group} "${name}" already exists`, 'AlreadyExists', 409);
    }
    const o = withTypeMeta(structuredClone(obj), this.resource);
    o.metadata = {
      ...o.metadata,
      namespace: this.namespace,
      uid: o.metadata.uid ?? `uid-${name}`,
      generation: 1,
      resourceVersion: this.store.nextResourceVersion(),
      creationTimestamp: o.metadata.creationTimestamp ?? this.store.now().toISOString(),
    };
    this.store.objects.set(k, o);
    this.store.emit(k, { type: 'ADDED', object: o });
    return structuredClone(o);
  }

  async update(obj: T): Promise<T> {
    const name = obj.metadata.name ?? '';
    const k = this.key(name);
    const cur = this.store.objects.get(k);
    if (!cur) throw this.notFound(name);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      throw new KnError(
        `Operation cannot be fulfilled on ${this.resource.plural}.${this.resource.group} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        'Conflict',
        409,
      );
    }
    const o = withTypeMeta(structuredClone(obj), this.resource);
    const specChanged = JSON.stringify(o.spec) !== JSON.stringify(cur.spec);
    o.metadata = {
      ...o.metadata,
      namespace: this.namespace,
      generation: (cur.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      resourceVersion: this.store.nextResourceVersion(),
      creationTimestamp: cur.metadata.creationTimestamp,
      uid: cur.metadata.uid,
    };
    this.store.objects.set(k, o);
    this.store.emit(k, { type: 'MODIFIED', object: o });
    return structuredClone(o) as T;
  }

  updateWithRetry(name: string, mutate: (obj: T) => T | Promise<T>): Promise<T> {
    return updateWithRetry(this, name, mutate);
  }

  async delete(name: string): Promise<void> {
    const k = this.key(name);
    const cur = this.store.objects.get(k);
    if (!cur) throw this.notFound(name);
    this.store.objects.delete(k);
    this.store.emit(k, { type: 'DELETED', object: cur });
  }

  async watch(opts: WatchOptions, handlers: WatchHandlers<T>): Promise<StopWatch> {
    const prefix = this.namespace === '' ? `${this.resource.plural}/` : `${this.resource.plural}/${this.namespace}/`;
    const match = (k: string) => k.startsWith(prefix) && (!opts.name || k.endsWith(`/${opts.name}`));
    return this.store.subscribe(match, handlers as unknown as WatchHandlers<KObject>);
  }

  /** Test helper: writes an object as a controller would (status included), emitting MODIFIED. */
  put(obj: T): T {
    const name = obj.metadata.name ?? '';
    const k = this.key(name, obj.metadata.namespace ?? this.namespace);
    const o = withTypeMeta(structuredClone(obj), this.resource);
    const existed = this.store.objects.has(k);
    o.metadata = {
      ...o.metadata,
      namespace: o.metadata.namespace ?? this.namespace,
      generation: o.metadata.generation ?? 1,
      resourceVersion: this.store.nextResourceVersion(),
      creationTimestamp: o.metadata.creationTimestamp ?? this.store.now().toISOString(),
    };
    this.store.objects.set(k, o);
    this.store.emit(k, { type: existed ? 'MODIFIED' : 'ADDED', object: o });
    return structuredClone(o);
  }
}
