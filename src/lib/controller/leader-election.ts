// Leader election on a coordination.k8s.io/v1 Lease, like client-go's leaderelection: the holder
// renews spec.renewTime every retry period; others take over once renewTime + leaseDuration passed.
// A leader that cannot renew within renewDeadline steps down (onStoppedLeading).
import type { KubeClient } from './client.js';
import { realClock, type Clock, type TimerHandle } from './clock.js';
import { isAlreadyExists, isConflict, isNotFound } from './errors.js';
import type { KubeObject } from './objects.js';
import { Resources } from './resources.js';

/** The Lease fields we use (times are RFC 3339 micro-time strings). */
interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** Leader-election settings; durations in ms. */
export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
}

/** A running election; stop() releases the lease if held. */
export interface LeaderElector {
  isLeader(): boolean;
  stop(): Promise<void>;
}

// Kubernetes MicroTime: RFC 3339 with microseconds.
const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Starts competing for the lease; callbacks fire on gaining and losing leadership. */
export function startLeaderElection(client: KubeClient, opts: LeaderElectionOptions): LeaderElector {
  const clock = opts.clock ?? realClock;
  const leaseMs = opts.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
  const retryMs = opts.retryPeriodMs ?? 2_000;
  let leader = false;
  let stopped = false;
  let lastRenew = 0;
  let timer: TimerHandle | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = clock.now();
    let lease: Lease | undefined;
    try {
      lease = await client.get<Lease>(Resources.leases, opts.namespace, opts.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const spec = {
      holderIdentity: opts.identity,
      leaseDurationSeconds: Math.ceil(leaseMs / 1000),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    if (!lease) {
      try {
        await client.create<Lease>(Resources.leases, { metadata: { name: opts.name, namespace: opts.namespace }, spec });
        return true;
      } catch (err) {
        if (isAlreadyExists(err)) return false;
        throw err;
      }
    }
    const cur = lease.spec ?? {};
    const held = cur.holderIdentity === opts.identity;
    const renewedAt = cur.renewTime ? Date.parse(cur.renewTime) : 0;
    const expired = !cur.holderIdentity || renewedAt + (cur.leaseDurationSeconds ?? 0) * 1000 <= now;
    if (!held && !expired) return false;
    lease.spec = held
      ? { ...cur, renewTime: spec.renewTime, leaseDurationSeconds: spec.leaseDurationSeconds }
      : { ...spec, leaseTransitions: (cur.leaseTransitions ?? 0) + 1 };
    try {
      await client.update<Lease>(Resources.leases, lease);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  };

  const step = async (): Promise<void> => {
    let ok = false;
    try {
      ok = await tryAcquireOrRenew();
    } catch {
      ok = false;
    }
    if (stopped) return;
    const now = clock.now();
    if (ok) {
      lastRenew = now;
      if (!leader) {
        leader = true;
        opts.onStartedLeading();
      }
    } else if (leader && now - lastRenew >= renewDeadlineMs) {
      leader = false;
      opts.onStoppedLeading();
    }
  };

  const loop = (): void => {
    inFlight = step().then(() => {
      if (!stopped) timer = clock.setTimeout(loop, retryMs);
    });
  };
  loop();

  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      await inFlight;
      if (!leader) return;
      leader = false;
      // Release: an empty holder lets a successor take over without waiting for expiry.
      try {
        const lease = await client.get<Lease>(Resources.leases, opts.namespace, opts.name);
        if (lease.spec?.holderIdentity === opts.identity) {
          lease.spec = { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 };
          await client.update(Resources.leases, lease);
        }
      } catch {
        // Best effort: the lease expires on its own.
      }
      opts.onStoppedLeading();
    },
  };
}
