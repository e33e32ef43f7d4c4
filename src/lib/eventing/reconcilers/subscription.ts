// Subscription reconciler: resolves subscriber, reply and dead-letter sink, adds itself to its
// channel's spec.subscribers[] (keyed by uid) and reports the channel's view of it. A finalizer
// (as upstream) takes it out of the channel's list before the Subscription goes away.
import type { Informer } from '../../controller/informer.js';
import { deepCopy, jsonEqual, type KubeObject, splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import { EventingResources } from '../resources/kinds.js';
import { computeSubscriptionStatus, makeChannelSubscriberSpec, type SubscriptionObservation } from '../resources/subscription.js';
import type { SubscriberSpec, SubscriberStatus, Subscription } from '../types.js';
import { readyOf, type ReconcilerBase } from './common.js';
import { ReconcileResolver, resourceOf } from './references.js';

/** Upstream's Subscription finalizer. */
export const SUBSCRIPTION_FINALIZER = 'subscriptions.messaging.knative.dev';

const CHANNEL_KINDS = [EventingResources.channels, EventingResources.inMemoryChannels];

/** Dependencies of the Subscription reconciler. */
export interface SubscriptionReconcilerDeps extends ReconcilerBase {
  subscriptions: Informer<Subscription & KubeObject>;
}

type ChannelObject = KubeObject & { spec?: { subscribers?: SubscriberSpec[] }; status?: { subscribers?: SubscriberStatus[] } };

// Writes the channel's subscriber list with `entry` for `uid` (or without it when entry is undefined).
async function setChannelSubscriber(d: SubscriptionReconcilerDeps, sub: Subscription, channel: ChannelObject, uid: string, entry: SubscriberSpec | undefined): Promise<void> {
  const current = channel.spec?.subscribers ?? [];
  const others = current.filter((s) => s.uid !== uid);
  const next = entry ? [...others, entry] : others;
  const before = current.find((s) => s.uid === uid);
  if (entry ? jsonEqual(before, entry) : before === undefined) return;
  const ref = resourceOf(sub.spec.channel.apiVersion ?? '', sub.spec.channel.kind ?? '', CHANNEL_KINDS);
  const spec = { ...deepCopy(channel.spec ?? {}), subscribers: next };
  if (next.length === 0) delete (spec as { subscribers?: unknown }).subscribers;
  await d.client.update(ref, { ...deepCopy(channel), spec });
}

/** The reconcile function of the Subscription controller. */
export function makeSubscriptionReconciler(d: SubscriptionReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const cached = d.subscriptions.get(namespace, name);
    if (!cached) {
      d.tracker.forget(key);
      return;
    }
    const sub = deepCopy(cached);
    const uid = sub.metadata.uid ?? '';
    const ch = sub.spec.channel ?? {};
    const channel = ch.name ? ((await d.objects.get(ch.apiVersion ?? '', ch.kind ?? '', namespace, ch.name)) as ChannelObject | undefined) : undefined;
    const finalizers = sub.metadata.finalizers ?? [];

    if (sub.metadata.deletionTimestamp) {
      if (!finalizers.includes(SUBSCRIPTION_FINALIZER)) return;
      if (channel) await setChannelSubscriber(d, sub, channel, uid, undefined);
      await d.client.update(EventingResources.subscriptions, {
        ...sub,
        metadata: { ...sub.metadata, finalizers: finalizers.filter((f) => f !== SUBSCRIPTION_FINALIZER) },
      });
      d.tracker.forget(key);
      return;
    }
    if (!finalizers.includes(SUBSCRIPTION_FINALIZER)) {
      // The update comes back through the informer and reconciles again.
      await d.client.update(EventingResources.subscriptions, { ...sub, metadata: { ...sub.metadata, finalizers: [...finalizers, SUBSCRIPTION_FINALIZER] } });
      return;
    }

    const resolver = new ReconcileResolver(d.objects);
    if (ch.name) resolver.depend(ch.apiVersion ?? '', ch.kind ?? '', namespace, ch.name);
    const obs: SubscriptionObservation = {};
    if (sub.spec.subscriber) obs.subscriber = await resolver.resolve(sub.spec.subscriber, namespace);
    if (sub.spec.reply) obs.reply = await resolver.resolve(sub.spec.reply, namespace);
    if (sub.spec.delivery?.deadLetterSink) obs.deadLetterSink = await resolver.resolve(sub.spec.delivery.deadLetterSink, namespace);
    d.tracker.track(key, resolver.refs);

    if (!channel) {
      obs.channelError = `${(ch.kind ?? 'channel').toLowerCase()}s.messaging.knative.dev "${ch.name ?? ''}" not found`;
    } else {
      const uri = (r: SubscriptionObservation['subscriber']) => (r && 'uri' in r ? r.uri : undefined);
      const failed = [obs.subscriber, obs.reply, obs.deadLetterSink].some((r) => r !== undefined && 'error' in r);
      if (!failed) {
        const entry = makeChannelSubscriberSpec(sub, { subscriber: uri(obs.subscriber), reply: uri(obs.reply), deadLetterSink: uri(obs.deadLetterSink) });
        await setChannelSubscriber(d, sub, channel, uid, entry);
      }
      obs.channel = { ready: readyOf(channel), subscriber: channel.status?.subscribers?.find((s) => s.uid === uid && s.observedGeneration === sub.metadata.generation) };
    }
    const status = computeSubscriptionStatus(sub, obs, d.clock);
    await writeStatusIfChanged(d.client, EventingResources.subscriptions, cached, { ...sub, status });
  };
}
