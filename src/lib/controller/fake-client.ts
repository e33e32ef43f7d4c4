// In-memory KubeClient for unit tests of controllers: resourceVersions, generation bumps on spec
// changes, optimistic concurrency, finalizers with deletionTimestamp, foreground deletion, label
// selectors and watches. Not a full API server: no validation, no defaulting beyond metadata.
import { randomUUID } from 'node:crypto';
import type { DeleteOptions, KubeClient, ListOptions, ListResult, WatchEvent, WatchHandle, WatchOptions } from './client.js';
import { ApiError } from './errors.js';
import { parseSelector } from './labels.js';
import { deepCopy, jsonEqual, type KubeObject } from './objects.js';
import { apiVersionOf, resourcePath, Resources, type ResourceRef } from './resources.js';

interface Watcher {
  ref: ResourceRef;
  namespace?: string;
  selector: ReturnType<typeof parseSelector>;
  onEvent: (e: WatchEvent) => void;
  onClose: (err?: Error) => void;
}

/** A recorded mutating call, for assertions. */
export interface RecordedCall {
  verb: 'create' | 'update' | 'updateStatus' | 'patch' | 'delete';
  plural: string;
  namespace: string;
  name: string;
}

/** In-memory KubeClient; `now` gives timestamps (inject a fixed clock for deterministic output). */
export class FakeKubeClient implements KubeClient {
  private readonly store = new Map<string, KubeObject>();
  private readonly watchers = new Set<Watcher>();
  private rv = 0;
  private nameSeq = 0;
  /** Mutating calls in order. */
  readonly calls: RecordedCall[] = [];
  /** Errors to throw from the next call of a verb (consumed in order). */
  readonly failNext: Partial<Record<RecordedCall['verb'] | 'get' | 'list' | 'watch', ApiError[]>> = {};

  /** Optional rule rejecting matching mutating calls (e.g. every pod create), checked on each call. */
  reject: ((call: RecordedCall) => ApiError | undefined) | undefined;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private key(ref: ResourceRef, namespace: string | undefined, name: string): string {
    return resourcePath(ref, ref.namespaced ? namespace : undefined, name);
  }

  private injected(verb: keyof FakeKubeClient['failNext']): void {
    const err = this.failNext[verb]?.shift();
    if (err) throw err;
  }

  private notFound(ref: ResourceRef, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${ref.plural}${ref.group ? '.' + ref.group : ''} "${name}" not found`);
  }

  private emit(ref: ResourceRef, type: WatchEvent['type'], obj: KubeObject): void {
    for (const w of this.watchers) {
      if (w.ref.group !== ref.group || w.ref.version !== ref.version || w.ref.plural !== ref.plural) continue;
      if (w.namespace && ref.namespaced && w.namespace !== obj.metadata?.namespace) continue;
      if (!w.selector.matches(obj.metadata?.labels)) continue;
      const copy = deepCopy(obj);
      // Deliver asynchronously, as a network watch would.
      queueMicrotask(() => {
        if (this.watchers.has(w)) w.onEvent({ type, object: copy });
      });
    }
  }

  /** Seeds objects directly (no events); handy to describe the world before a test. */
  seed(ref: ResourceRef, ...objs: KubeObject[]): void {
    for (const o of objs) this.put(ref, this.withDefaults(ref, deepCopy(o)), 'ADDED', false);
  }

  /** Current stored copy of an object, or undefined. */
  peek<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string, name: string): T | undefined {
    const o = this.store.get(this.key(ref, namespace, name));
    return o ? (deepCopy(o) as T) : undefined;
  }

  /** All stored objects of a resource (optionally one namespace). */
  all<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): T[] {
    const prefix = resourcePath(ref, ref.namespaced ? namespace : undefined) + '/';
    // `/api/v1/namespaces/` prefixes namespaced keys too: a direct child has no further '/'.
    const direct = (k: string) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/');
    return [...this.store.entries()].filter(([k]) => direct(k) || (!namespace && matchesAnyNamespace(k, ref))).map(([, o]) => deepCopy(o) as T);
  }

  /** Closes every open watch as a server timeout would (watchers see onClose without error). */
  closeWatches(err?: Error): void {
    const ws = [...this.watchers];
    this.watchers.clear();
    for (const w of ws) queueMicrotask(() => w.onClose(err));
  }

  /** Number of open watches. */
  get watchCount(): number {
    return this.watchers.size;
  }

  private withDefaults(ref: ResourceRef, obj: KubeObject): KubeObject {
    obj.apiVersion ??= apiVersionOf(ref);
    obj.kind ??= ref.kind;
    const md = (obj.metadata ??= {});
    if (!md.name && md.generateName) md.name = md.generateName + (++this.nameSeq).toString(36).padStart(5, 'x');
    md.uid ??= randomUUID();
    md.creationTimestamp ??= this.now().toISOString();
    md.generation ??= 1;
    if (!ref.namespaced) delete md.namespace;
    return obj;
  }

  private put(ref: ResourceRef, obj: KubeObject, type: WatchEvent['type'], notify = true): KubeObject {
    obj.metadata!.resourceVersion = String(++this.rv);
    this.store.set(this.key(ref, obj.metadata!.namespace, obj.metadata!.name!), obj);
    if (notify) this.emit(ref, type, obj);
    return deepCopy(obj);
  }

  private record(verb: RecordedCall['verb'], ref: ResourceRef, namespace: string | undefined, name: string): void {
    const call = { verb, plural: ref.plural, namespace: namespace ?? '', name };
    this.calls.push(call);
    const err = this.reject?.(call);
    if (err) throw err;
  }

  async get<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T> {
    this.injected('get');
    const o = this.store.get(this.key(ref, namespace, name));
    if (!o) throw this.notFound(ref, name);
    return deepCopy(o) as T;
  }

  async list<T extends KubeObject>(ref: ResourceRef, namespace?: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    this.injected('list');
    const sel = parseSelector(opts.labelSelector);
    const items = this.all<T>(ref, namespace).filter((o) => sel.matches(o.metadata?.labels));
    return { items, resourceVersion: String(this.rv) };
  }

  async create<T extends KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    this.injected('create');
    const o = this.withDefaults(ref, deepCopy(obj));
    this.record('create', ref, o.metadata?.namespace, o.metadata!.name!);
    if (!o.metadata!.name) throw new ApiError(422, 'Invalid', 'name or generateName is required');
    if (this.store.has(this.key(ref, o.metadata!.namespace, o.metadata!.name))) {
      throw new ApiError(409, 'AlreadyExists', `${ref.plural} "${o.metadata!.name}" already exists`);
    }
    delete o.metadata!.deletionTimestamp;
    return this.put(ref, o, 'ADDED') as T;
  }

  private current(ref: ResourceRef, obj: KubeObject): KubeObject {
    const md = obj.metadata ?? {};
    const cur = this.store.get(this.key(ref, md.namespace, md.name ?? ''));
    if (!cur) throw this.notFound(ref, md.name ?? '');
    if (md.resourceVersion && md.resourceVersion !== cur.metadata!.resourceVersion) {
      throw new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${ref.plural} "${md.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    return cur;
  }

  // Stores a new version: bumps generation on spec change, finishes deletion when finalizers are gone.
  private commit(ref: ResourceRef, cur: KubeObject, next: KubeObject): KubeObject {
    const specOf = (o: KubeObject) => Object.fromEntries(Object.entries(o).filter(([k]) => !['metadata', 'status', 'apiVersion', 'kind'].includes(k)));
    next.metadata!.uid = cur.metadata!.uid;
    next.metadata!.creationTimestamp = cur.metadata!.creationTimestamp;
    next.metadata!.deletionTimestamp = cur.metadata!.deletionTimestamp;
    next.metadata!.generation = (cur.metadata!.generation ?? 1) + (jsonEqual(specOf(cur), specOf(next)) ? 0 : 1);
    if (jsonEqual(cur, { ...next, metadata: { ...next.metadata, resourceVersion: cur.metadata!.resourceVersion } })) return deepCopy(cur);
    if (next.metadata!.deletionTimestamp && !(next.metadata!.finalizers ?? []).length) {
      this.store.delete(this.key(ref, next.metadata!.namespace, next.metadata!.name!));
      next.metadata!.resourceVersion = String(++this.rv);
      this.emit(ref, 'DELETED', next);
      return deepCopy(next);
    }
    return this.put(ref, next, 'MODIFIED');
  }

  async update<T extends KubeObject>(ref: ResourceRef, obj: T, subresource?: string): Promise<T> {
    this.injected('update');
    this.record('update', ref, obj.metadata?.namespace, obj.metadata?.name ?? '');
    const cur = this.current(ref, obj);
    let next = deepCopy(obj) as KubeObject;
    next.status = cur.status;
    if (subresource === 'finalize') {
      // Only spec.finalizers changes; a terminating namespace without finalizers goes away.
      next = deepCopy(cur);
      (next as { spec?: { finalizers?: string[] } }).spec = { ...(cur.spec as object), finalizers: (obj as { spec?: { finalizers?: string[] } }).spec?.finalizers ?? [] };
      if (next.metadata!.deletionTimestamp && !(next as { spec: { finalizers: string[] } }).spec.finalizers.length && !(next.metadata!.finalizers ?? []).length) {
        this.store.delete(this.key(ref, next.metadata!.namespace, next.metadata!.name!));
        next.metadata!.resourceVersion = String(++this.rv);
        this.emit(ref, 'DELETED', next);
        return deepCopy(next) as T;
      }
      return this.put(ref, next, 'MODIFIED') as T;
    }
    return this.commit(ref, cur, next) as T;
  }

  /** Resources returned by discover(); tests may replace it. */
  resources: ResourceRef[] = Object.values(Resources);

  async discover(): Promise<ResourceRef[]> {
    return [...this.resources];
  }

  async updateStatus<T extends KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    this.injected('updateStatus');
    this.record('updateStatus', ref, obj.metadata?.namespace, obj.metadata?.name ?? '');
    const cur = this.current(ref, obj);
    const next = deepCopy(cur);
    next.status = deepCopy(obj.status);
    return this.commit(ref, cur, next) as T;
  }

  async patch<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string, patch: unknown, subresource?: 'status'): Promise<T> {
    this.injected('patch');
    this.record('patch', ref, namespace, name);
    const cur = this.store.get(this.key(ref, namespace, name));
    if (!cur) throw this.notFound(ref, name);
    let next = mergePatch(deepCopy(cur), patch) as KubeObject;
    if (subresource === 'status') next = { ...deepCopy(cur), status: next.status };
    else next.status = deepCopy(cur.status);
    next.metadata!.resourceVersion = undefined;
    return this.commit(ref, cur, next) as T;
  }

  async delete(ref: ResourceRef, namespace: string, name: string, opts: DeleteOptions = {}): Promise<void> {
    this.injected('delete');
    this.record('delete', ref, namespace, name);
    const cur = this.store.get(this.key(ref, namespace, name));
    if (!cur) throw this.notFound(ref, name);
    if (opts.preconditions?.uid && opts.preconditions.uid !== cur.metadata!.uid) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${cur.metadata!.uid}`);
    }
    const next = deepCopy(cur);
    const finalizers = [...(next.metadata!.finalizers ?? [])];
    if (opts.propagationPolicy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    // Pods get a graceful deletion (the node agent finalizes them) unless the grace period is 0.
    const nsFinalizers = ref.kind === 'Namespace' ? ((next as { spec?: { finalizers?: string[] } }).spec?.finalizers ?? []) : [];
    if (nsFinalizers.length) {
      if (next.metadata!.deletionTimestamp) return;
      next.metadata!.deletionTimestamp = this.now().toISOString();
      next.status = { ...(next.status as object), phase: 'Terminating' };
      this.put(ref, next, 'MODIFIED');
      return;
    }
    const graceful = ref.kind === 'Pod' && ref.group === '' && opts.gracePeriodSeconds !== 0 && (next as { spec?: { nodeName?: string } }).spec?.nodeName;
    if (!finalizers.length && !graceful) {
      this.store.delete(this.key(ref, namespace, name));
      next.metadata!.resourceVersion = String(++this.rv);
      this.emit(ref, 'DELETED', next);
      return;
    }
    if (next.metadata!.deletionTimestamp) return;
    next.metadata!.finalizers = finalizers;
    next.metadata!.deletionTimestamp = this.now().toISOString();
    if (graceful) next.metadata!.deletionGracePeriodSeconds = opts.gracePeriodSeconds ?? ((next as { spec?: { terminationGracePeriodSeconds?: number } }).spec?.terminationGracePeriodSeconds ?? 30);
    this.put(ref, next, 'MODIFIED');
  }

  watch<T extends KubeObject>(ref: ResourceRef, namespace: string | undefined, opts: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onClose: (err?: Error) => void): WatchHandle {
    const err = this.failNext.watch?.shift();
    if (err) {
      queueMicrotask(() => onClose(err));
      return { stop: () => undefined };
    }
    const w: Watcher = {
      ref,
      namespace,
      selector: parseSelector(opts.labelSelector),
      onEvent: onEvent as (e: WatchEvent) => void,
      onClose,
    };
    this.watchers.add(w);
    return { stop: () => void this.watchers.delete(w) };
  }
}

function matchesAnyNamespace(key: string, ref: ResourceRef): boolean {
  if (!ref.namespaced) return false;
  const root = ref.group === '' ? `/api/${ref.version}/namespaces/` : `/apis/${ref.group}/${ref.version}/namespaces/`;
  if (!key.startsWith(root)) return false;
  const rest = key.slice(root.length).split('/');
  return rest.length === 3 && rest[1] === ref.plural;
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
