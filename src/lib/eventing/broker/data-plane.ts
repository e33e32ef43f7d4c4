// The broker data plane: ingest an event into a broker, fan it out to the broker's triggers
// (filter, then deliver to the subscriber with the trigger's DeliverySpec), and feed reply events
// back into the same broker.
//
// Design: ingress and filter run in one process and the "trigger channel" is this in-memory
// fan-out, instead of upstream's hop ingress -> InMemoryChannel -> broker-filter over HTTP. The
// observable contract is the same as MTChannelBasedBroker over an IMC in its default synchronous
// mode: the producer's POST is answered after every trigger was served (delivered or dead-lettered),
// 202 when all succeeded and 500 otherwise; replies re-enter the broker with the TTL decremented.
import { Dispatcher } from '../delivery/dispatcher.js';
import { passes } from '../filters/filter.js';
import type { Event, ExtensionEdits } from '../http/codec.js';
import { BrokerTable, type CompiledTrigger } from './config.js';
import { nextTtl, TTL_EXTENSION } from './ttl.js';

/** Extension the ingress stamps with the arrival time. */
export const ARRIVAL_TIME_EXTENSION = 'knativearrivaltime';

const NO_TTL: ReadonlySet<string> = new Set([TTL_EXTENSION]);
const ACCEPTED: IngestResult = Object.freeze({ status: 202 });

/** Broker-side state of one accepted event. */
interface Hop {
  ttl: number;
  edits: ExtensionEdits;
}

/** Outcome of ingesting one event, mapped to an HTTP status by the ingress. */
export type IngestResult =
  | { status: 202 }
  | { status: 400; reason: 'ttl-exhausted' }
  | { status: 404; reason: 'broker-not-found' }
  | { status: 500; reason: 'delivery-failed'; errors: string[] };

/** Outcome of serving one trigger. */
export interface TriggerOutcome {
  trigger: string;
  matched: boolean;
  ok: boolean;
  deadLettered?: boolean;
  error?: string;
}

/** Options of the data plane. */
export interface BrokerDataPlaneOptions {
  dispatcher?: Dispatcher;
  table?: BrokerTable;
  /** Receives per-trigger failures (logging); never throws back into the data plane. */
  onError?: (message: string) => void;
  /** Notified after each trigger was served (metrics, tests). */
  onTriggerServed?: (outcome: TriggerOutcome, event: Event) => void;
  now?: () => Date;
}

/** Broker ingress + filter stage over a BrokerTable. */
export class BrokerDataPlane {
  /** The table reconcilers push state into. */
  readonly table: BrokerTable;
  private readonly dispatcher: Dispatcher;
  private readonly onError: (message: string) => void;
  private readonly onTriggerServed?: (outcome: TriggerOutcome, event: Event) => void;
  private readonly now: () => Date;

  constructor(options: BrokerDataPlaneOptions = {}) {
    this.table = options.table ?? new BrokerTable();
    this.dispatcher = options.dispatcher ?? new Dispatcher();
    this.onError = options.onError ?? (() => undefined);
    this.onTriggerServed = options.onTriggerServed;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Accepts an event into a broker and serves every trigger before resolving. `carriedTtl` is the
   * TTL of the event a reply answers (replies re-enter with it, whatever they carry themselves).
   */
  async ingest(namespace: string, broker: string, event: Event, carriedTtl?: number): Promise<IngestResult> {
    if (!this.table.getBroker(namespace, broker)) return { status: 404, reason: 'broker-not-found' };
    const ttl = nextTtl(carriedTtl ?? event[TTL_EXTENSION]);
    if (ttl <= 0) return { status: 400, reason: 'ttl-exhausted' };
    // TTL and arrival time travel beside the immutable event and are applied when it is encoded:
    // subscribers get the arrival time and never the hop counter.
    const hop: Hop = { ttl, edits: { omit: NO_TTL, add: { [ARRIVAL_TIME_EXTENSION]: this.now().toISOString() } } };
    // Filter synchronously first: only matching triggers cost a delivery.
    const matching: CompiledTrigger[] = [];
    for (const t of this.table.triggersOf(namespace, broker)) {
      if (passes(t.compiled.filter(event))) matching.push(t);
      else this.notify({ trigger: t.name, matched: false, ok: true }, event);
    }
    // One matching trigger is the common case: no Promise.all and result arrays for it.
    const outcomes =
      matching.length === 1
        ? [await this.serveTrigger(matching[0], event, hop)]
        : await Promise.all(matching.map((t) => this.serveTrigger(t, event, hop)));
    let errors: string[] | undefined;
    for (const o of outcomes) if (!o.ok) (errors ??= []).push(o.error ?? `trigger ${o.trigger} failed`);
    return errors === undefined ? ACCEPTED : { status: 500, reason: 'delivery-failed', errors };
  }

  // Delivery stage for one matching trigger: deliver, route the reply back. Never throws.
  private async serveTrigger(trigger: CompiledTrigger, event: Event, hop: Hop): Promise<TriggerOutcome> {
    let outcome: TriggerOutcome;
    try {
      outcome = await this.deliver(trigger, event, hop);
    } catch (e) {
      outcome = { trigger: trigger.name, matched: true, ok: false, error: (e as Error).message };
    }
    if (!outcome.ok) this.report(`trigger ${trigger.namespace}/${trigger.name}: ${outcome.error ?? 'failed'}`);
    this.notify(outcome, event);
    return outcome;
  }

  // Observers must not turn a served event into a failed one: their errors are swallowed.
  private notify(outcome: TriggerOutcome, event: Event): void {
    try {
      this.onTriggerServed?.(outcome, event);
    } catch {
      // ignored
    }
  }

  private report(message: string): void {
    try {
      this.onError(message);
    } catch {
      // ignored
    }
  }

  private async deliver(trigger: CompiledTrigger, event: Event, hop: Hop): Promise<TriggerOutcome> {
    const result = await this.dispatcher.dispatch(event, {
      url: trigger.subscriberUri,
      policy: trigger.delivery,
      strictReplies: true,
      extensionEdits: hop.edits,
    });
    const outcome: TriggerOutcome = {
      trigger: trigger.name,
      matched: true,
      ok: result.ok,
      deadLettered: result.deadLettered,
      error: result.error,
    };
    if (result.ok && !result.deadLettered && result.reply) {
      // The reply carries the TTL of the event it answers, so loops die out.
      const back = await this.ingest(trigger.namespace, trigger.broker, result.reply, hop.ttl);
      if (back.status !== 202) this.report(`reply from trigger ${trigger.namespace}/${trigger.name} rejected: ${back.status}`);
    }
    return outcome;
  }
}
