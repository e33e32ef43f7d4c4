// The autoscaler process: every second it scrapes each revision's pods into its metric windows;
// every tick (2s) it decides each PodAutoscaler's scale, patches the scale target and writes the
// PodAutoscaler status. All I/O goes through AutoscalerDeps; time through the Clock.
import type { Clock } from '../../controller/clock.js';
import { every } from './every.js';
import type { AutoscalerConfig } from './config.js';
import { type DeciderSpec, makeDeciderSpec } from './decider.js';
import { MetricCollection, type Stat } from './metrics.js';
import { type ActiveStatus, type ScaleDecision, type ScaleState, initialScaleState, scale } from './scale.js';
import { type ReadyPod, type ScrapePod, scrapeRevision } from './scraper.js';
import { KPA_CLASS } from '../labels.js';

/** What the loop needs from a PodAutoscaler object. */
export interface PodAutoscalerInfo {
  namespace: string;
  /** PA name = revision name. */
  name: string;
  annotations?: Readonly<Record<string, string>>;
  /** spec.containerConcurrency. */
  containerConcurrency?: number;
  /** spec.reachability !== 'Unreachable'. */
  reachable?: boolean;
  /** Progress deadline + buffer for this revision, when it differs from the default. */
  activationTimeoutMs?: number;
  /** What the object's status already says, so a restarted autoscaler resumes instead of starting over. */
  observed?: ObservedStatus;
}

/** The parts of an existing PodAutoscaler status the decision state is seeded from. */
export interface ObservedStatus {
  active?: ActiveStatus;
  activeReason?: string;
  /** lastTransitionTime of Active, epoch ms. */
  activeSince?: number;
  scaleTargetInitialized?: boolean;
}

/** Status the loop reports for a PodAutoscaler (the API side maps it onto the object). */
export interface PodAutoscalerStatusUpdate {
  desiredScale: number;
  actualScale: number;
  active: ScaleDecision['active'];
  /** lastTransitionTime of Active, epoch ms. */
  activeSince: number;
  scaleTargetInitialized: boolean;
  mode: ScaleDecision['mode'];
  excessBurstCapacity: number;
  numActivators: number;
}

/** The loop's I/O. */
export interface AutoscalerDeps {
  /** Current config-autoscaler. */
  config(): AutoscalerConfig;
  /** PodAutoscalers to decide for (only KPA-class ones are acted on). */
  listPodAutoscalers(): Promise<PodAutoscalerInfo[]>;
  /** Ready pods of the PA's revision, oldest first. */
  readyPods(pa: PodAutoscalerInfo): Promise<ReadyPod[]>;
  /** One pod's queue-proxy metrics text (see httpScrapePod). */
  scrapePod: ScrapePod;
  /** The scale target's spec.replicas (undefined when it does not exist yet). */
  getScale(pa: PodAutoscalerInfo): Promise<number | undefined>;
  /** Sets the scale target's spec.replicas. */
  setScale(pa: PodAutoscalerInfo, replicas: number): Promise<void>;
  /** Writes the PodAutoscaler status (called only when it changed). */
  writeStatus(pa: PodAutoscalerInfo, status: PodAutoscalerStatusUpdate): Promise<void>;
  /** Diagnostics. */
  log?(message: string, error?: unknown): void;
}

/** Intervals of the loop (ms). */
export interface AutoscalerTiming {
  tickMs: number;
  scrapeMs: number;
}

/** The running autoscaler. */
export interface AutoscalerHandle {
  /** Records a stat from outside the scraper (the activator); a stat with load for a revision at zero triggers an immediate decision. */
  recordStat(namespace: string, name: string, stat: Stat): void;
  /** Runs one decision round now (also what each tick does). */
  tick(): Promise<void>;
  /** Runs one scrape round now. */
  scrape(): Promise<void>;
  /** Decides for one revision now, e.g. when its ready pods changed (so Active does not wait for a tick). */
  decide(namespace: string, name: string): Promise<void>;
  /** Last decision per `namespace/name`. */
  decisions(): ReadonlyMap<string, ScaleDecision>;
  /** Stops the timers; in-flight work finishes on its own. */
  stop(): void;
}

interface Entry {
  pa: PodAutoscalerInfo;
  spec: DeciderSpec;
  collection: MetricCollection;
  state?: ScaleState;
  decision?: ScaleDecision;
  lastStatus?: string;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

// A revision first seen by this process starts from what its status records.
function seedState(now: number, readyPods: number, spec: DeciderSpec, observed: ObservedStatus | undefined): ScaleState {
  const st = initialScaleState(now, readyPods, spec);
  if (observed?.active) {
    st.active = observed.active;
    st.activeReason = observed.activeReason;
    st.activeSince = observed.activeSince ?? now;
  }
  if (observed?.scaleTargetInitialized) st.scaleTargetInitialized = true;
  return st;
}

/** Starts scraping every `scrapeMs` and deciding every `tickMs` (upstream: 1s and 2s). */
export function startAutoscaler(deps: AutoscalerDeps, clock: Clock, tickMs = 2000, scrapeMs = 1000): AutoscalerHandle {
  const entries = new Map<string, Entry>();
  const log = (m: string, e?: unknown): void => deps.log?.(m, e);
  // Decisions run one at a time (ticks and pokes), so a revision's state is never updated twice at once.
  let decisionChain: Promise<void> = Promise.resolve();
  const serialize = (fn: () => Promise<void>): Promise<void> => {
    const run = decisionChain.then(fn, fn);
    decisionChain = run.catch(() => {});
    return run;
  };
  let scraping = false;

  const refresh = async (): Promise<void> => {
    const config = deps.config();
    const pas = (await deps.listPodAutoscalers()).filter(
      (pa) => (pa.annotations?.['autoscaling.knative.dev/class'] ?? config.podAutoscalerClass) === KPA_CLASS,
    );
    const seen = new Set<string>();
    for (const pa of pas) {
      const key = keyOf(pa.namespace, pa.name);
      seen.add(key);
      const spec = makeDeciderSpec(pa.annotations, config, {
        containerConcurrency: pa.containerConcurrency,
        reachable: pa.reachable,
        activationTimeoutMs: pa.activationTimeoutMs,
      });
      const windows = { stableWindowMs: spec.stableWindowMs, panicWindowMs: spec.panicWindowMs, aggregation: spec.aggregation };
      const old = entries.get(key);
      if (old) {
        old.pa = pa;
        old.spec = spec;
        // Changed windows need fresh buckets; history of the old size does not carry over.
        if (!old.collection.matches(windows)) old.collection = new MetricCollection(windows);
      } else {
        entries.set(key, { pa, spec, collection: new MetricCollection(windows) });
      }
    }
    for (const key of [...entries.keys()]) if (!seen.has(key)) entries.delete(key);
  };

  const decideOne = async (entry: Entry): Promise<void> => {
    const { pa, spec } = entry;
    const pods = await deps.readyPods(pa);
    const now = clock.now();
    const state = entry.state ?? seedState(now, pods.length, spec, pa.observed);
    const decision = scale(spec, now, entry.collection.windowed(now), pods.length, state);
    entry.state = decision.state;
    entry.decision = decision;
    if (decision.applyScale) {
      const current = await deps.getScale(pa);
      if (current !== undefined && current !== decision.desiredScale) {
        log(`${keyOf(pa.namespace, pa.name)}: scaling from ${current} to ${decision.desiredScale}`);
        await deps.setScale(pa, decision.desiredScale);
      }
    }
    const status: PodAutoscalerStatusUpdate = {
      desiredScale: decision.desiredScale,
      actualScale: pods.length,
      active: decision.active,
      activeSince: decision.state.activeSince,
      scaleTargetInitialized: decision.scaleTargetInitialized,
      mode: decision.mode,
      excessBurstCapacity: decision.excessBurstCapacity,
      numActivators: decision.numActivators,
    };
    const text = JSON.stringify(status);
    if (text !== entry.lastStatus) {
      await deps.writeStatus(pa, status);
      entry.lastStatus = text;
    }
  };

  const tick = (): Promise<void> =>
    serialize(async () => {
      try {
        await refresh();
      } catch (e) {
        log('listing PodAutoscalers failed', e);
        return;
      }
      for (const [key, entry] of entries) {
        try {
          await decideOne(entry);
        } catch (e) {
          log(`${key}: scaling decision failed`, e);
        }
      }
    });

  const scrape = async (): Promise<void> => {
    // A slow round is not stacked with the next one (that would double-count a second).
    if (scraping) return;
    scraping = true;
    try {
      await Promise.all(
        [...entries.entries()].map(async ([key, entry]) => {
          try {
            const stat = await scrapeRevision(await deps.readyPods(entry.pa), deps.scrapePod, () => clock.now());
            if (stat) entries.get(key)?.collection.record(stat);
          } catch (e) {
            log(`${key}: scrape failed`, e);
          }
        }),
      );
    } finally {
      scraping = false;
    }
  };

  const decideNow = async (key: string): Promise<void> => {
    const entry = entries.get(key);
    if (!entry) return;
    try {
      await decideOne(entry);
    } catch (e) {
      log(`${key}: scaling decision failed`, e);
    }
  };

  const recordStat = (namespace: string, name: string, stat: Stat): void => {
    const key = keyOf(namespace, name);
    const entry = entries.get(key);
    if (!entry) {
      // A revision this process has not listed yet (say, just after start): list now rather than
      // drop the stat, since it may be the poke that wakes the revision from zero.
      void serialize(async () => {
        try {
          await refresh();
        } catch (e) {
          log('listing PodAutoscalers failed', e);
          return;
        }
        const fresh = entries.get(key);
        if (!fresh) return;
        fresh.collection.record(stat);
        if (stat.averageConcurrentRequests > 0) await decideNow(key);
      });
      return;
    }
    entry.collection.record(stat);
    // Waking from zero should not wait for the next tick.
    const atZero = (entry.state?.decidedScale ?? 0) <= 0 || entry.decision?.state.active !== 'True';
    if (stat.averageConcurrentRequests > 0 && atZero) void serialize(() => decideNow(key));
  };

  // Mid-bucket: a scrape recorded up to half a bucket late still counts for its own second.
  const stopScrape = every(clock, scrapeMs, () => void scrape(), scrapeMs / 2);
  const stopTick = every(clock, tickMs, () => void tick());

  return {
    recordStat,
    tick,
    scrape,
    decide: (namespace, name) =>
      serialize(async () => {
        const key = keyOf(namespace, name);
        if (!entries.has(key)) {
          try {
            await refresh();
          } catch (e) {
            log('listing PodAutoscalers failed', e);
            return;
          }
        }
        await decideNow(key);
      }),
    decisions: () => new Map([...entries].filter(([, e]) => e.decision).map(([k, e]) => [k, e.decision as ScaleDecision])),
    stop() {
      stopScrape();
      stopTick();
    },
  };
}
