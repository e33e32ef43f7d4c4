// One informer per resource shared by every controller of a process, so N controllers watching
// pods cost one list+watch, not N.
import type { KubeClient } from './client.js';
import type { Clock } from './clock.js';
import { Informer } from './informer.js';
import type { KubeObject } from './objects.js';
import { apiVersionOf, type ResourceRef } from './resources.js';

/** Shared informer settings. */
export interface InformerFactoryOptions {
  clock?: Clock;
  resyncMs?: number;
  retryDelayMs?: number;
  onError?: (err: unknown) => void;
}

/** Hands out one shared informer per resource. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();

  constructor(
    readonly client: KubeClient,
    private readonly opts: InformerFactoryOptions = {},
  ) {}

  /** The shared informer of a resource (created on first use, started by start()). */
  for<T extends KubeObject = KubeObject>(ref: ResourceRef): Informer<T> {
    const id = `${apiVersionOf(ref)}/${ref.plural}`;
    let inf = this.informers.get(id);
    if (!inf) {
      inf = new Informer(this.client, ref, { clock: this.opts.clock, resyncMs: this.opts.resyncMs, retryDelayMs: this.opts.retryDelayMs, onError: this.opts.onError });
      this.informers.set(id, inf);
    }
    return inf as unknown as Informer<T>;
  }

  /** The informer of a resource if one was handed out already (never creates one). */
  existing<T extends KubeObject = KubeObject>(ref: ResourceRef): Informer<T> | undefined {
    return this.informers.get(`${apiVersionOf(ref)}/${ref.plural}`) as unknown as Informer<T> | undefined;
  }

  /** Starts every informer handed out so far; resolves when all have listed once. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  /** Stops every informer. */
  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }
}
