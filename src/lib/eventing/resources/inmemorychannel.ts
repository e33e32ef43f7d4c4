// InMemoryChannel status and the dispatcher table entry it becomes.
import { newLivingConditionSet } from '../../controller/conditions.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { deepCopy } from '../../controller/objects.js';
import type { ChannelConfig } from '../channel/config.js';
import { toDeliveryPolicy } from '../delivery/spec.js';
import type { InMemoryChannel } from '../types.js';
import { DEAD_LETTER_SINK_RESOLVED, EVENT_POLICIES_READY, manage, markDeadLetterSink, markEventPoliciesOidcDisabled, type Resolution } from './common.js';
import { ASYNC_HANDLER_ANNOTATION } from './kinds.js';
import { DEFAULT_CLUSTER_DOMAIN, inMemoryChannelUrl } from './names.js';

/** InMemoryChannel condition types. */
export const InMemoryChannelConditions = {
  dispatcher: 'DispatcherReady',
  service: 'ServiceReady',
  endpoints: 'EndpointsReady',
  addressable: 'Addressable',
  channelService: 'ChannelServiceReady',
  deadLetterSink: DEAD_LETTER_SINK_RESOLVED,
  eventPolicies: EVENT_POLICIES_READY,
} as const;

/** The living condition set of an InMemoryChannel. */
export const inMemoryChannelConditionSet = newLivingConditionSet(...Object.values(InMemoryChannelConditions));

/** What the reconciler observed for an InMemoryChannel. */
export interface InMemoryChannelObservation {
  /** The imc-dispatcher is running and has endpoints. */
  dispatcherReady: boolean;
  /** The channel's ExternalName Service exists. */
  channelServiceReady: boolean;
  deadLetterSink?: Resolution;
  domain?: string;
}

/** Computes an InMemoryChannel's status (pure). Subscribers are reported ready once pushed to the dispatcher. */
export function computeInMemoryChannelStatus(
  imc: InMemoryChannel,
  obs: InMemoryChannelObservation,
  clock: Clock = realClock,
): NonNullable<InMemoryChannel['status']> {
  const status: NonNullable<InMemoryChannel['status']> = deepCopy(imc.status ?? {});
  const m = manage(inMemoryChannelConditionSet, status, clock);
  m.initializeConditions();
  const C = InMemoryChannelConditions;
  if (obs.dispatcherReady) {
    m.markTrue(C.dispatcher);
    m.markTrue(C.service);
    m.markTrue(C.endpoints);
  } else {
    m.markFalse(C.dispatcher, 'DispatcherDeploymentUnavailable', 'The dispatcher Deployment is not available');
    m.markFalse(C.endpoints, 'DispatcherEndpointsNotReady', 'There are no endpoints ready for Dispatcher service');
  }
  if (obs.channelServiceReady) m.markTrue(C.channelService);
  else m.markUnknown(C.channelService, 'ChannelServiceNotReady', 'The channel Service is not ready yet');
  const ns = imc.metadata.namespace ?? '';
  const name = imc.metadata.name ?? '';
  status.address = { name: 'http', url: inMemoryChannelUrl(ns, name, obs.domain ?? DEFAULT_CLUSTER_DOMAIN) };
  m.markTrue(C.addressable);
  const dls = markDeadLetterSink(m, obs.deadLetterSink);
  if (dls) status.deadLetterSinkUri = dls;
  else delete status.deadLetterSinkUri;
  markEventPoliciesOidcDisabled(m);
  status.subscribers = (imc.spec?.subscribers ?? []).map((s) => ({
    uid: s.uid,
    observedGeneration: s.generation,
    ready: obs.dispatcherReady ? 'True' : 'Unknown',
  }));
  status.observedGeneration = imc.metadata.generation;
  return status;
}

/** The imc-dispatcher entry of an InMemoryChannel (each subscriber's delivery, else the channel's). */
export function makeChannelConfig(imc: InMemoryChannel, domain = DEFAULT_CLUSTER_DOMAIN): ChannelConfig {
  const ns = imc.metadata.namespace ?? '';
  const name = imc.metadata.name ?? '';
  const channelDls = imc.status?.deadLetterSinkUri;
  return {
    namespace: ns,
    name,
    host: new URL(inMemoryChannelUrl(ns, name, domain)).host,
    asyncHandler: imc.metadata.annotations?.[ASYNC_HANDLER_ANNOTATION] === 'true',
    subscribers: (imc.spec?.subscribers ?? []).map((s) => ({
      uid: s.uid ?? '',
      subscriberUri: s.subscriberUri,
      replyUri: s.replyUri,
      delivery: s.delivery
        ? toDeliveryPolicy(s.delivery, s.delivery.deadLetterSink?.uri)
        : toDeliveryPolicy(imc.spec?.delivery, channelDls),
    })),
  };
}
