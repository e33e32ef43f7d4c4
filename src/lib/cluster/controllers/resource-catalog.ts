// The resources the API server serves, rediscovered when CRDs change (and periodically), so the
// garbage collector and the namespace controller cover CRD kinds like Knative's too.
import type { KubeClient } from '../../controller/client.js';
import type { Clock, TimerHandle } from '../../controller/clock.js';
import type { Informer } from '../../controller/informer.js';
import { apiVersionOf, resource, type ResourceRef } from '../../controller/resources.js';

/** CustomResourceDefinitions; a change means new or removed resources. */
export const crdResource = resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false);

/** Discovered resources with lookup by apiVersion and kind. */
export class ResourceCatalog {
  private refs: ResourceRef[] = [];
  private readonly listeners: ((refs: ResourceRef[]) => void)[] = [];
  private timer: TimerHandle | undefined;
  private running = false;
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
    private readonly refreshMs = 30_000,
  ) {}

  /** Starts from `initial` (or discovers once) and keeps refreshing; CRD changes from `crdInformer` trigger an early refresh. */
  async start(crdInformer?: Informer, initial?: ResourceRef[]): Promise<void> {
    this.running = true;
    if (initial) {
      this.refs = initial;
      this.timer = this.clock.setTimeout(() => void this.refresh(), this.refreshMs);
    } else await this.refresh();
    // The informer's initial list is not a change. A new CRD may take a moment to be served: look twice.
    crdInformer?.onChange(() => {
      if (!crdInformer.hasSynced) return;
      void this.refresh();
      this.clock.setTimeout(() => void this.refresh(), 1000);
    });
  }

  /** Stops refreshing. */
  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }

  /** Calls `fn` with the full list after each refresh. */
  onChange(fn: (refs: ResourceRef[]) => void): void {
    this.listeners.push(fn);
  }

  /** All known resources. */
  list(): ResourceRef[] {
    return this.refs;
  }

  /** Resource of an ownerReference-style (apiVersion, kind) pair. */
  byKind(apiVersion: string, kind: string): ResourceRef | undefined {
    return this.refs.find((r) => r.kind === kind && apiVersionOf(r) === apiVersion) ?? this.refs.find((r) => r.kind === kind && r.group === groupOf(apiVersion));
  }

  /** Rediscovers now (coalescing concurrent calls). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        try {
          this.refs = await this.client.discover();
          for (const l of this.listeners) l(this.refs);
        } catch {
          // Keep the previous list; the periodic refresh retries.
        }
      } while (this.again && this.running);
    })().finally(() => {
      this.refreshing = undefined;
      if (this.running) {
        if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
        this.timer = this.clock.setTimeout(() => void this.refresh(), this.refreshMs);
      }
    });
    return this.refreshing;
  }
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}
