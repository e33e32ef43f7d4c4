// The broker data plane's view of the world: which brokers exist and which triggers hang off each.
// Reconcilers push state here (level-triggered: each push states the whole desired entry); the data
// plane only reads. Entries are immutable snapshots, so an in-flight delivery keeps working on the
// trigger it started with even if the trigger is changed or deleted meanwhile.
import { createTriggerFilter } from '../filters/create.js';
import type { EventFilter } from '../filters/filter.js';
import type { DeliveryPolicy } from '../delivery/spec.js';
import type { SubscriptionsAPIFilter } from '../types.js';

/** What a reconciler tells the data plane about a ready Trigger. */
export interface TriggerConfig {
  namespace: string;
  name: string;
  uid: string;
  broker: string;
  filter?: { attributes?: Record<string, string> };
  filters?: SubscriptionsAPIFilter[];
  /** Resolved subscriber URL (status.subscriberUri). */
  subscriberUri: string;
  /** trigger.spec.delivery ?? broker.spec.delivery, with its dead-letter sink resolved. */
  delivery: DeliveryPolicy;
}

/** What a reconciler tells the data plane about a Broker. */
export interface BrokerConfig {
  namespace: string;
  name: string;
}

/** A trigger with its compiled filter. */
export interface CompiledTrigger extends TriggerConfig {
  readonly compiled: EventFilter;
}

/** The whole table at once (used for a full resync). */
export interface DataPlaneConfig {
  brokers: BrokerConfig[];
  triggers: TriggerConfig[];
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** In-memory broker/trigger table. Filters are compiled once per push, not per event. */
export class BrokerTable {
  private brokers = new Map<string, BrokerConfig>();
  // broker key -> trigger name -> trigger
  private triggers = new Map<string, Map<string, CompiledTrigger>>();

  /** Replaces the whole table; throws (leaving the table unchanged) if a filter cannot be compiled. */
  setConfig(config: DataPlaneConfig): void {
    const brokers = new Map(config.brokers.map((b) => [keyOf(b.namespace, b.name), { ...b }]));
    const triggers = new Map<string, Map<string, CompiledTrigger>>();
    for (const t of config.triggers) {
      const k = keyOf(t.namespace, t.broker);
      if (!triggers.has(k)) triggers.set(k, new Map());
      triggers.get(k)!.set(t.name, compile(t));
    }
    this.brokers = brokers;
    this.triggers = triggers;
  }

  /** Adds or replaces one broker. */
  setBroker(broker: BrokerConfig): void {
    this.brokers.set(keyOf(broker.namespace, broker.name), { ...broker });
  }

  /** Removes a broker (its triggers stay registered and come back to life if it is re-created). */
  deleteBroker(namespace: string, name: string): void {
    this.brokers.delete(keyOf(namespace, name));
  }

  /** Adds or replaces one trigger (moving it if its broker changed); throws if its filter cannot be compiled. */
  setTrigger(trigger: TriggerConfig): void {
    const compiled = compile(trigger);
    this.deleteTrigger(trigger.namespace, trigger.name);
    const k = keyOf(trigger.namespace, trigger.broker);
    // Copy-on-write: a fan-out iterating the old map is never disturbed.
    const next = new Map(this.triggers.get(k));
    next.set(trigger.name, compiled);
    this.triggers.set(k, next);
  }

  /** Removes a trigger, wherever it is registered. */
  deleteTrigger(namespace: string, name: string): void {
    for (const [k, m] of this.triggers) {
      if (!k.startsWith(`${namespace}/`) || !m.has(name)) continue;
      const next = new Map(m);
      next.delete(name);
      if (next.size === 0) this.triggers.delete(k);
      else this.triggers.set(k, next);
    }
  }

  /** The broker, if known. */
  getBroker(namespace: string, name: string): BrokerConfig | undefined {
    return this.brokers.get(keyOf(namespace, name));
  }

  /** Snapshot of the triggers of a broker. */
  triggersOf(namespace: string, name: string): CompiledTrigger[] {
    return [...(this.triggers.get(keyOf(namespace, name))?.values() ?? [])];
  }
}

function compile(t: TriggerConfig): CompiledTrigger {
  return Object.freeze({ ...t, compiled: createTriggerFilter(t) });
}
