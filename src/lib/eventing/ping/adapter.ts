// The PingSource adapter (upstream pingsource-mt-adapter): one timer loop per source that sends the
// ping event to the sink at each cron tick. Sources are pushed in by the reconciler; pushing the
// same source again is a no-op, a changed one restarts its loop, a deleted one stops it.
import { systemClock, type Clock } from '../clock.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import type { DeliveryPolicy } from '../delivery/spec.js';
import { jsonEqual } from '../../controller/objects.js';
import { makePingEvent, type PingEventSpec } from './event.js';
import { nextFireTime, parsePingSchedule, type PingSchedule } from './schedule.js';

/** A ready PingSource as the adapter runs it. */
export interface PingSourceConfig extends PingEventSpec {
  namespace: string;
  name: string;
  schedule?: string;
  timezone?: string;
  /** Resolved status.sinkUri. */
  sinkUri: string;
}

/** Adapter settings (upstream values by default). */
export interface PingAdapterOptions {
  clock?: Clock;
  dispatcher?: Dispatcher;
  /** Upper bound of the random delay before each send (upstream 500 ms). */
  maxJitterMs?: number;
  /** Random source in [0,1) for the jitter. */
  random?: () => number;
  /** Sender retries (upstream: 5, exponential from 50 ms). */
  retry?: DeliveryPolicy;
  onError?: (message: string) => void;
  /** Called after every send attempt sequence (metrics, tests). */
  onSent?: (source: string, ok: boolean) => void;
}

/** Upstream sender retry policy. */
export const PING_RETRY: DeliveryPolicy = { retry: 5, backoffPolicy: 'exponential', backoffDelayMs: 50 };

interface Running {
  config: PingSourceConfig;
  abort: AbortController;
}

/** Runs the schedules of all PingSources. */
export class PingAdapter {
  private readonly running = new Map<string, Running>();
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher;
  private readonly maxJitterMs: number;
  private readonly random: () => number;
  private readonly retry: DeliveryPolicy;
  private readonly onError: (message: string) => void;
  private readonly onSent?: (source: string, ok: boolean) => void;

  constructor(options: PingAdapterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.dispatcher = options.dispatcher ?? new Dispatcher({ clock: this.clock });
    this.maxJitterMs = options.maxJitterMs ?? 500;
    this.random = options.random ?? Math.random;
    this.retry = options.retry ?? PING_RETRY;
    this.onError = options.onError ?? (() => undefined);
    this.onSent = options.onSent;
  }

  /** Starts or updates a source; throws a FieldError for a bad schedule (nothing changes then). */
  setSource(config: PingSourceConfig): void {
    const key = `${config.namespace}/${config.name}`;
    const current = this.running.get(key);
    if (current && jsonEqual(current.config, config)) return;
    const schedule = parsePingSchedule(config.schedule, config.timezone);
    current?.abort.abort();
    const entry: Running = { config: { ...config }, abort: new AbortController() };
    this.running.set(key, entry);
    // A loop must never die silently or crash the process: report and stop this source only.
    this.loop(entry, schedule).catch((e: unknown) => this.onError(`pingsource ${key}: ${(e as Error).message}`));
  }

  /** Stops a source. */
  deleteSource(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    this.running.get(key)?.abort.abort();
    this.running.delete(key);
  }

  /** Replaces the whole set of sources (bad schedules are reported and skipped). */
  setConfig(sources: PingSourceConfig[]): void {
    const keep = new Set(sources.map((s) => `${s.namespace}/${s.name}`));
    for (const key of [...this.running.keys()]) {
      if (!keep.has(key)) {
        const [ns, name] = key.split('/');
        this.deleteSource(ns, name);
      }
    }
    for (const s of sources) {
      try {
        this.setSource(s);
      } catch (e) {
        this.onError(`pingsource ${s.namespace}/${s.name}: ${(e as Error).message}`);
      }
    }
  }

  /** Stops every source. */
  stop(): void {
    for (const r of this.running.values()) r.abort.abort();
    this.running.clear();
  }

  /** Number of running sources. */
  get size(): number {
    return this.running.size;
  }

  private async loop(entry: Running, schedule: PingSchedule): Promise<void> {
    const { signal } = entry.abort;
    const { config } = entry;
    const key = `${config.namespace}/${config.name}`;
    while (!signal.aborted) {
      const now = this.clock.now();
      const at = nextFireTime(schedule, now);
      try {
        await this.clock.sleep(at.getTime() - now.getTime(), signal);
        // Spread the sends of sources sharing a schedule, like upstream.
        await this.clock.sleep(Math.floor(this.random() * this.maxJitterMs), signal);
      } catch {
        return;
      }
      const event = makePingEvent(config.namespace, config.name, config, this.clock.now());
      // Fire and go on: a slow sink must not delay the next tick.
      void this.dispatcher
        .dispatch(event, { url: config.sinkUri, policy: this.retry, signal })
        .then((r) => {
          if (!r.ok) this.onError(`pingsource ${key}: ${r.error ?? 'send failed'}`);
          this.onSent?.(key, r.ok);
        })
        .catch(() => undefined);
    }
  }
}
