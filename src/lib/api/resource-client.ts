// The namespace-bound client interface every API group is built from (serving now, eventing later).
import { isConflict } from './errors.js';
import type { KList, KObject, ResourceType, WatchEvent } from './types.js';

/** Filters for list(): by exact name and/or labels (all must match). */
export interface ListOptions {
  name?: string;
  labels?: Record<string, string>;
}

/** Options for watch(): one object by name, starting after resourceVersion. */
export interface WatchOptions {
  name?: string;
  resourceVersion?: string;
}

/** Stops a watch; safe to call twice. */
export type StopWatch = () => void;

/** Callbacks of a watch: events, then exactly one close (err undefined when the server ended it). */
export interface WatchHandlers<T extends KObject> {
  onEvent(ev: WatchEvent<T>): void;
  onClose(err?: unknown): void;
}

/** CRUD + watch for one resource type in one namespace ('' namespace lists all namespaces). */
export interface ResourceClient<T extends KObject> {
  readonly resource: ResourceType;
  readonly namespace: string;
  get(name: string): Promise<T>;
  list(opts?: ListOptions): Promise<KList<T>>;
  create(obj: T): Promise<T>;
  update(obj: T): Promise<T>;
  /** Get, mutate a copy, update; retried on 409 Conflict. */
  updateWithRetry(name: string, mutate: (obj: T) => T | Promise<T>): Promise<T>;
  delete(name: string): Promise<void>;
  watch(opts: WatchOptions, handlers: WatchHandlers<T>): Promise<StopWatch>;
}

/** How often updateWithRetry tries before giving up on conflicts (knative/client uses 5). */
export const MAX_UPDATE_RETRIES = 5;

/** Shared get-mutate-update loop used by every ResourceClient implementation. */
export async function updateWithRetry<T extends KObject>(
  client: Pick<ResourceClient<T>, 'get' | 'update'>,
  name: string,
  mutate: (obj: T) => T | Promise<T>,
  retries = MAX_UPDATE_RETRIES,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const current = await client.get(name);
    const changed = await mutate(structuredClone(current));
    try {
      return await client.update(changed);
    } catch (e) {
      if (!isConflict(e) || attempt + 1 >= retries) throw e;
    }
  }
}

/** Sets apiVersion/kind on an object (list items come back without them; printers need them). */
export function withTypeMeta<T extends KObject>(obj: T, rt: ResourceType): T {
  obj.apiVersion = rt.group === '' ? rt.version : `${rt.group}/${rt.version}`;
  obj.kind = rt.kind;
  return obj;
}

/** Builds the typed list wrapper printed by `-o json|yaml`. */
export function makeList<T extends KObject>(rt: ResourceType, items: T[], resourceVersion?: string): KList<T> {
  return {
    apiVersion: rt.group === '' ? rt.version : `${rt.group}/${rt.version}`,
    kind: `${rt.kind}List`,
    metadata: resourceVersion ? { resourceVersion } : {},
    items: items.map((i) => withTypeMeta(i, rt)),
  };
}

/** Label selector string for a label map ("a=b,c=d"). */
export function labelSelector(labels: Record<string, string> | undefined): string | undefined {
  if (!labels) return undefined;
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return parts.length > 0 ? parts.join(',') : undefined;
}

/** Client-side check of ListOptions (servers that ignore selectors still give right answers). */
export function matchesListOptions(obj: KObject, opts: ListOptions | undefined): boolean {
  if (!opts) return true;
  if (opts.name && obj.metadata.name !== opts.name) return false;
  for (const [k, v] of Object.entries(opts.labels ?? {})) {
    if (obj.metadata.labels?.[k] !== v) return false;
  }
  return true;
}
