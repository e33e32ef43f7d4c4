// Per-revision admission for the activator: requests wait in a bounded queue until a ready pod has
// a free slot (containerConcurrency per pod; 0 = unlimited), then get a lease on that pod.

/** Upstream's activator queue depth per revision. */
export const DEFAULT_QUEUE_DEPTH = 10_000;

/** The queue is full; answered with 503. */
export class QueueFullError extends Error {
  constructor() {
    super('pending request queue full');
    this.name = 'QueueFullError';
  }
}

/** A held slot on one pod; release it exactly once when the request is done. */
export interface Lease {
  /** The pod's `ip:port`. */
  address: string;
  release(): void;
}

/** A request waiting for a slot. */
export interface PendingLease {
  promise: Promise<Lease>;
  /** Gives up waiting (no-op once the lease was granted); the promise rejects with `reason`. */
  cancel(reason: Error): void;
}

interface Pod {
  address: string;
  inFlight: number;
}

interface Waiter {
  resolve(l: Lease): void;
  reject(e: Error): void;
}

/** Admission for one revision. */
export class RevisionThrottler {
  private pods: Pod[] = [];
  private readonly queue: Waiter[] = [];
  private rr = 0;

  constructor(
    private containerConcurrency: number,
    private readonly queueDepth = DEFAULT_QUEUE_DEPTH,
    private readonly random: () => number = Math.random,
  ) {}

  /** Replaces the set of ready pods; in-flight counts carry over for pods that stay. */
  updateEndpoints(addresses: readonly string[]): void {
    const old = new Map(this.pods.map((p) => [p.address, p]));
    this.pods = [...new Set(addresses)].map((a) => old.get(a) ?? { address: a, inFlight: 0 });
    this.dispatch();
  }

  /** Changes the per-pod limit (0 = unlimited). */
  setContainerConcurrency(cc: number): void {
    this.containerConcurrency = cc;
    this.dispatch();
  }

  /** Ready pods known. */
  endpointCount(): number {
    return this.pods.length;
  }

  /** Requests waiting for a slot. */
  waiting(): number {
    return this.queue.length;
  }

  /** Leases currently held. */
  inFlight(): number {
    return this.pods.reduce((a, p) => a + p.inFlight, 0);
  }

  /** Asks for a slot; throws QueueFullError at once when the queue is full. */
  acquire(): PendingLease {
    const pod = this.queue.length === 0 ? this.pick() : undefined;
    if (pod) return { promise: Promise.resolve(this.lease(pod)), cancel: () => {} };
    if (this.queue.length >= this.queueDepth) throw new QueueFullError();
    let waiter!: Waiter;
    const promise = new Promise<Lease>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    this.queue.push(waiter);
    return {
      promise,
      cancel: (reason) => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) {
          this.queue.splice(i, 1);
          waiter.reject(reason);
        }
      },
    };
  }

  /** Rejects everyone waiting (shutdown). */
  rejectAll(reason: Error): void {
    for (const w of this.queue.splice(0)) w.reject(reason);
  }

  private hasRoom(p: Pod): boolean {
    return this.containerConcurrency <= 0 || p.inFlight < this.containerConcurrency;
  }

  // Upstream's balancing: unlimited ⇒ best of two random pods; CC 1..3 ⇒ first pod with room
  // (packs the few slots tightly); CC > 3 ⇒ round-robin over pods with room.
  private pick(): Pod | undefined {
    const n = this.pods.length;
    if (n === 0) return undefined;
    if (this.containerConcurrency <= 0) {
      if (n === 1) return this.pods[0];
      const a = Math.floor(this.random() * n);
      let b = Math.floor(this.random() * (n - 1));
      if (b >= a) b++;
      return this.pods[a].inFlight <= this.pods[b].inFlight ? this.pods[a] : this.pods[b];
    }
    if (this.containerConcurrency <= 3) return this.pods.find((p) => this.hasRoom(p));
    for (let i = 0; i < n; i++) {
      const p = this.pods[(this.rr + i) % n];
      if (this.hasRoom(p)) {
        this.rr = (this.rr + i + 1) % n;
        return p;
      }
    }
    return undefined;
  }

  private lease(pod: Pod): Lease {
    pod.inFlight++;
    let released = false;
    return {
      address: pod.address,
      release: () => {
        if (released) return;
        released = true;
        pod.inFlight--;
        this.dispatch();
      },
    };
  }

  // Hands free slots to waiters in arrival order.
  private dispatch(): void {
    while (this.queue.length > 0) {
      const pod = this.pick();
      if (!pod) return;
      const w = this.queue.shift() as Waiter;
      w.resolve(this.lease(pod));
    }
  }
}
