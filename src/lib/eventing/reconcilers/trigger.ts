// Trigger reconciler: resolves the subscriber (and dead-letter sink), keeps the trigger's
// Subscription on the broker's trigger channel (as upstream's MTChannelBasedBroker does), writes
// status and programs the broker data plane with the trigger's filter and delivery.
import type { Informer } from '../../controller/informer.js';
import { deepCopy, jsonEqual, type KubeObject, splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import type { BrokerTable } from '../broker/config.js';
import type { Resolution } from '../resources/common.js';
import { EventingResources } from '../resources/kinds.js';
import { computeTriggerStatus, makeTriggerConfig, makeTriggerSubscription, type TriggerObservation } from '../resources/trigger.js';
import type { Broker, Subscription, Trigger } from '../types.js';
import { createOrGet, isControlledBy, readyOf, type ReconcilerBase } from './common.js';
import { isMtBroker } from './broker.js';
import { ReconcileResolver } from './references.js';

/** Dependencies of the Trigger reconciler. */
export interface TriggerReconcilerDeps extends ReconcilerBase {
  triggers: Informer<Trigger & KubeObject>;
  brokers: Informer<Broker & KubeObject>;
  subscriptions: Informer<Subscription & KubeObject>;
  table: BrokerTable;
  onError?: (message: string) => void;
}

// The Subscription the trigger owns: created, updated to the desired spec, or reported not owned.
async function reconcileSubscription(d: TriggerReconcilerDeps, trigger: Trigger, broker: Broker): Promise<TriggerObservation['subscription']> {
  const ann = broker.status?.annotations ?? {};
  const channelName = ann['knative.dev/channelName'];
  if (!channelName) return undefined;
  const desired = makeTriggerSubscription(trigger, broker, {
    apiVersion: ann['knative.dev/channelAPIVersion'],
    kind: ann['knative.dev/channelKind'],
    name: channelName,
  });
  const ns = trigger.metadata.namespace ?? '';
  const subName = desired.metadata.name ?? '';
  let current = d.subscriptions.get(ns, subName);
  if (!current) {
    current = await createOrGet(d.client, EventingResources.subscriptions, desired as Subscription & KubeObject);
  }
  if (!isControlledBy(current, trigger.metadata.uid)) return { name: subName, notOwned: true };
  if (!jsonEqual(current.spec, desired.spec)) {
    current = await d.client.update(EventingResources.subscriptions, { ...deepCopy(current), spec: desired.spec });
  }
  return { name: subName, ready: readyOf(current) };
}

// Trigger DLS: its own delivery's, else the broker's already resolved one (as upstream).
async function deadLetterSinkOf(trigger: Trigger, broker: Broker | undefined, resolver: ReconcileResolver): Promise<Resolution | undefined> {
  const own = trigger.spec.delivery?.deadLetterSink;
  if (own) return resolver.resolve(own, trigger.metadata.namespace ?? '');
  if (broker?.spec?.delivery?.deadLetterSink) {
    const uri = broker.status?.deadLetterSinkUri;
    return uri ? { uri } : { error: "Broker's DeadLetterSink has not been resolved yet" };
  }
  return undefined;
}

/** The reconcile function of the trigger controller. */
export function makeTriggerReconciler(d: TriggerReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const cached = d.triggers.get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) {
      // Its Subscription goes with it (owner reference).
      d.table.deleteTrigger(namespace, name);
      d.tracker.forget(key);
      return;
    }
    const trigger = deepCopy(cached);
    const broker = trigger.spec.broker ? d.brokers.get(namespace, trigger.spec.broker) : undefined;
    if (broker && !isMtBroker(broker)) return;
    const resolver = new ReconcileResolver(d.objects);
    const subscriber = trigger.spec.subscriber
      ? await resolver.resolve(trigger.spec.subscriber, namespace)
      : { error: 'destination missing Ref and URI, expected at least one' };
    const obs: TriggerObservation = { subscriber, deadLetterSink: await deadLetterSinkOf(trigger, broker, resolver) };
    d.tracker.track(key, resolver.refs);
    if (broker) {
      obs.broker = broker;
      obs.subscription = await reconcileSubscription(d, trigger, broker);
    }
    const status = computeTriggerStatus(trigger, obs, d.clock);
    const next = { ...trigger, status };
    const cfg = broker ? makeTriggerConfig(next, broker) : undefined;
    if (cfg) {
      try {
        d.table.setTrigger(cfg);
      } catch (e) {
        // The webhook rejects bad filters; one that slipped through must not take others down.
        d.table.deleteTrigger(namespace, name);
        d.onError?.(`trigger ${key}: ${(e as Error).message}`);
      }
    } else {
      d.table.deleteTrigger(namespace, name);
    }
    await writeStatusIfChanged(d.client, EventingResources.triggers, cached, next);
  };
}
