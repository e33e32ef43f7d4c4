// ResourceClient over a KubeConnection's requests and client-node's Watch (all Knative groups are CRDs).
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import { toKnError } from './errors.js';
import type { KubeConnection } from './kube.js';
import {
  labelSelector,
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

/** Real ResourceClient; namespace '' makes list() cluster-wide (`-A`). */
export class KubeResourceClient<T extends KObject> implements ResourceClient<T> {
  constructor(
    private readonly conn: KubeConnection,
    readonly resource: ResourceType,
    readonly namespace: string,
  ) {}

  /** API path of the collection (namespace '' = all namespaces), or of one object. */
  private path(name?: string): string {
    const { group, version, plural } = this.resource;
    const ns = this.namespace === '' ? '' : `/namespaces/${encodeURIComponent(this.namespace)}`;
    const prefix = group === '' ? `/api/${version}` : `/apis/${encodeURIComponent(group)}/${encodeURIComponent(version)}`;
    return `${prefix}${ns}/${encodeURIComponent(plural)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  private fail(e: unknown): never {
    throw toKnError(e, { group: this.resource.group, server: this.conn.server });
  }

  async get(name: string): Promise<T> {
    try {
      return withTypeMeta(await this.conn.request<T>({ method: 'GET', path: this.path(name) }), this.resource);
    } catch (e) {
      this.fail(e);
    }
  }

  async list(opts?: ListOptions): Promise<KList<T>> {
    const query = {
      labelSelector: labelSelector(opts?.labels),
      fieldSelector: opts?.name ? `metadata.name=${opts.name}` : undefined,
    };
    try {
      const res = await this.conn.request<{ items?: T[]; metadata?: { resourceVersion?: string } }>({ method: 'GET', path: this.path(), query });
      const items = (res.items ?? []).filter((o) => matchesListOptions(o, opts));
      return makeList(this.resource, items, res.metadata?.resourceVersion);
    } catch (e) {
      this.fail(e);
    }
  }

  async create(obj: T): Promise<T> {
    try {
      const body = withTypeMeta(structuredClone(obj), this.resource);
      return withTypeMeta(await this.conn.request<T>({ method: 'POST', path: this.path(), body }), this.resource);
    } catch (e) {
      this.fail(e);
    }
  }

  async update(obj: T): Promise<T> {
    const name = obj.metadata.name ?? '';
    try {
      const body = withTypeMeta(structuredClone(obj), this.resource);
      return withTypeMeta(await this.conn.request<T>({ method: 'PUT', path: this.path(name), body }), this.resource);
    } catch (e) {
      this.fail(e);
    }
  }

  updateWithRetry(name: string, mutate: (obj: T) => T | Promise<T>): Promise<T> {
    return updateWithRetry(this, name, mutate);
  }

  async delete(name: string): Promise<void> {
    try {
      await this.conn.request({ method: 'DELETE', path: this.path(name), query: { propagationPolicy: 'Background' } });
    } catch (e) {
      this.fail(e);
    }
  }

  async watch(opts: WatchOptions, handlers: WatchHandlers<T>): Promise<StopWatch> {
    const path = this.path();
    const query: Record<string, string | boolean> = { allowWatchBookmarks: true };
    if (opts.name) query.fieldSelector = `metadata.name=${opts.name}`;
    if (opts.resourceVersion) query.resourceVersion = opts.resourceVersion;
    this.conn.logHttp?.(`===== WATCH =====\nGET ${this.conn.server}${path} ${JSON.stringify(query)}`);
    let closed = false;
    const close = (err?: unknown) => {
      if (closed) return;
      closed = true;
      handlers.onClose(err === undefined || err === null ? undefined : toKnError(err, { group: this.resource.group, server: this.conn.server }));
    };
    try {
      const ctl = await new Watch(this.conn.kc).watch(
        path,
        query,
        (type, obj) => {
          if (closed) return;
          const ev = { type, object: type === 'ERROR' ? obj : withTypeMeta(obj as T, this.resource) } as WatchEvent<T>;
          handlers.onEvent(ev);
        },
        (err) => close(err),
      );
      return () => {
        closed = true;
        ctl.abort();
      };
    } catch (e) {
      this.fail(e);
    }
  }
}
