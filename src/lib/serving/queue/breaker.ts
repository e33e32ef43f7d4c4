// Concurrency breaker of the queue-proxy (upstream pkg/queue/breaker.go): at most maxConcurrency
// requests in flight, at most queueDepth more waiting in FIFO order; beyond that, fail fast so the
// caller answers 503 at once instead of piling up latency. Pure state, no timers.

/** Body of the 503 answered when the queue is full (Go's http.Error appends the newline). */
export const QUEUE_FULL_BODY = 'pending request queue full\n';

/** Limits of a breaker. */
export interface BreakerParams {
  maxConcurrency: number;
  queueDepth: number;
}

/** Frees the slot taken by enter(); calling it more than once is harmless. */
export type Release = () => void;

interface Waiter {
  resolve: (r: Release) => void;
  reject: (e: Error) => void;
}

/** Breaker parameters for a containerConcurrency: none when 0 (unlimited), else CC in flight and 10×CC queued. */
export function breakerParamsFor(containerConcurrency: number): BreakerParams | undefined {
  if (containerConcurrency < 1) return undefined;
  return { maxConcurrency: containerConcurrency, queueDepth: 10 * containerConcurrency };
}

/** A concurrency limit plus a bounded FIFO queue. */
export class Breaker {
  private active = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly params: BreakerParams) {
    if (!(params.maxConcurrency >= 1) || !(params.queueDepth >= 0)) throw new Error('breaker needs maxConcurrency >= 1 and queueDepth >= 0');
  }

  /** Requests in flight. */
  inFlight(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  waiting(): number {
    return this.queue.length;
  }

  /**
   * Takes a slot: resolves at once when one is free, later (FIFO) when queued, or returns undefined
   * when the queue is full. An abort signal removes a queued waiter and rejects its promise.
   */
  enter(signal?: AbortSignal): Promise<Release> | undefined {
    if (this.active < this.params.maxConcurrency) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.params.queueDepth) return undefined;
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.queue.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(waiter);
          if (i !== -1) {
            this.queue.splice(i, 1);
            reject(new Error('aborted while queued'));
          }
        },
        { once: true },
      );
    });
  }

  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      // Hand the slot straight to the oldest waiter; the in-flight count stays the same.
      if (next) next.resolve(this.releaser());
      else this.active--;
    };
  }
}
