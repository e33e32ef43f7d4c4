// The one interface controllers use to talk to the Kubernetes API: generic over any resource,
// so built-in kinds and CRDs share one code path. `createKubeClient` implements it over HTTP with
// the credentials of a client-node KubeConfig; `FakeKubeClient` (fake-client.ts) in memory for tests.
import type { KubeObject } from './objects.js';
import type { ResourceRef } from './resources.js';

/** Options of a list call. */
export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** A list answer: items plus the collection resourceVersion to watch from. */
export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  resourceVersion: string;
}

/** Options of a delete call. */
export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** One watch event; BOOKMARK carries only a resourceVersion, ERROR a metav1.Status. */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** A running watch; `stop()` closes it without calling `onClose`. */
export interface WatchHandle {
  stop(): void;
}

/** Options of a watch call. */
export interface WatchOptions extends ListOptions {
  resourceVersion?: string;
  /** Server-side timeout; the server closes the watch after this long. */
  timeoutSeconds?: number;
}

/** Generic CRUD + watch over any resource. Every method rejects with ApiError on a non-2xx answer. */
export interface KubeClient {
  get<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T>;
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string, opts?: ListOptions): Promise<ListResult<T>>;
  create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T): Promise<T>;
  /** Replaces the object, or a subresource such as a namespace's 'finalize' (optimistic concurrency on metadata.resourceVersion). */
  update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T, subresource?: string): Promise<T>;
  /** Replaces the status subresource. */
  updateStatus<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T): Promise<T>;
  /** JSON merge patch of the object (or of its status when subresource is 'status'). */
  patch<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string, name: string, patch: unknown, subresource?: 'status'): Promise<T>;
  delete(ref: ResourceRef, namespace: string, name: string, opts?: DeleteOptions): Promise<void>;
  /** Every listable, watchable, deletable resource the server serves (preferred version per group). */
  discover(): Promise<ResourceRef[]>;
  /** Streams events until the server or `stop()` ends it; `onClose` gets the error, if any. */
  watch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (err?: Error) => void,
  ): WatchHandle;
}
