// Subscription status and the subscriber entry it adds to its channel's spec.subscribers[].
import { newLivingConditionSet, type Condition } from '../../controller/conditions.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { deepCopy } from '../../controller/objects.js';
import type { SubscriberSpec, SubscriberStatus, Subscription } from '../types.js';
import { manage, markOidcIdentityDisabled, OIDC_IDENTITY_CREATED, type Resolution } from './common.js';

/** Subscription condition types. */
export const SubscriptionConditions = {
  referencesResolved: 'ReferencesResolved',
  addedToChannel: 'AddedToChannel',
  channelReady: 'ChannelReady',
  oidc: OIDC_IDENTITY_CREATED,
} as const;

/** The living condition set of a Subscription. */
export const subscriptionConditionSet = newLivingConditionSet(...Object.values(SubscriptionConditions));

/** What the reconciler observed for a Subscription. */
export interface SubscriptionObservation {
  /** The channel: undefined when it cannot be found. */
  channel?: { ready?: Condition; subscriber?: SubscriberStatus };
  /** Error text when the channel lookup failed. */
  channelError?: string;
  subscriber?: Resolution;
  reply?: Resolution;
  deadLetterSink?: Resolution;
}

const failed = (r: Resolution | undefined): r is { error: string } => r !== undefined && 'error' in r;
const uriOf = (r: Resolution | undefined): string | undefined => (r && 'uri' in r ? r.uri : undefined);

/** Computes a Subscription's status (pure). */
export function computeSubscriptionStatus(
  sub: Subscription,
  obs: SubscriptionObservation,
  clock: Clock = realClock,
): NonNullable<Subscription['status']> {
  const status: NonNullable<Subscription['status']> = deepCopy(sub.status ?? {});
  const m = manage(subscriptionConditionSet, status, clock);
  m.initializeConditions();
  const C = SubscriptionConditions;
  if (!obs.channel) {
    m.markFalse(C.referencesResolved, 'ChannelReferenceFailed', `Failed to get Spec.Channel or backing channel: ${obs.channelError ?? 'not found'}`);
  } else if (failed(obs.subscriber)) {
    m.markFalse(C.referencesResolved, 'SubscriberResolveFailed', `Failed to resolve spec.subscriber: ${obs.subscriber.error}`);
  } else if (failed(obs.reply)) {
    m.markFalse(C.referencesResolved, 'ReplyResolveFailed', `Failed to resolve spec.reply: ${obs.reply.error}`);
  } else if (failed(obs.deadLetterSink)) {
    m.markFalse(C.referencesResolved, 'DeadLetterSinkResolveFailed', `Failed to resolve spec.delivery.deadLetterSink: ${obs.deadLetterSink.error}`);
  } else {
    m.markTrue(C.referencesResolved);
  }
  const phys: NonNullable<NonNullable<Subscription['status']>['physicalSubscription']> = {};
  const s = uriOf(obs.subscriber);
  const r = uriOf(obs.reply);
  const d = uriOf(obs.deadLetterSink);
  if (s) phys.subscriberUri = s;
  if (r) phys.replyUri = r;
  if (d) phys.deadLetterSinkUri = d;
  status.physicalSubscription = phys;

  const ready = obs.channel?.ready;
  if (ready?.status === 'True') m.markTrue(C.channelReady);
  else m.markFalse(C.channelReady, 'ChannelNotReady', ready?.message || 'Channel is not ready');

  const added = obs.channel?.subscriber;
  if (added?.ready === 'True') m.markTrue(C.addedToChannel);
  else if (added?.ready === 'False') m.markFalse(C.addedToChannel, 'SubscriptionNotMarkedReadyByChannel', added.message ?? 'Subscription not marked ready by channel');
  else m.markUnknown(C.addedToChannel, 'SubscriptionNotMarkedReadyByChannel', 'Subscription not marked ready by channel');

  markOidcIdentityDisabled(m);
  status.observedGeneration = sub.metadata.generation;
  return status;
}

/**
 * The entry the Subscription adds to its channel's spec.subscribers[]: resolved URIs, and the
 * delivery with its dead-letter sink replaced by the resolved URI (what the dispatcher reads).
 */
export function makeChannelSubscriberSpec(sub: Subscription, resolved: { subscriber?: string; reply?: string; deadLetterSink?: string }): SubscriberSpec {
  const out: SubscriberSpec = { uid: sub.metadata.uid, generation: sub.metadata.generation };
  if (resolved.subscriber) out.subscriberUri = resolved.subscriber;
  if (resolved.reply) out.replyUri = resolved.reply;
  if (sub.spec.delivery) {
    const delivery = deepCopy(sub.spec.delivery);
    if (resolved.deadLetterSink) delivery.deadLetterSink = { uri: resolved.deadLetterSink };
    else delete delivery.deadLetterSink;
    out.delivery = delivery;
  }
  return out;
}
