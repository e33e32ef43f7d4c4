// `kn subscription create|update` sink flags: subscriber, reply and dead-letter destinations.
import { Flags } from '@oclif/core';
import type { Subscription } from '../../api/eventing-types.js';
import { resolveOptionalSink, type SinkResolver } from './sink.js';
import { SINK_DESCRIPTION } from './trigger-flags.js';

/** `-s/--sink`, `--sink-reply`, `--sink-dead-letter`. */
export const subscriptionSinkFlags = {
  sink: Flags.string({ char: 's', description: SINK_DESCRIPTION }),
  'sink-reply': Flags.string({ description: 'Addressable sink for events for reply. Same syntax as --sink.' }),
  'sink-dead-letter': Flags.string({ description: 'Addressable sink for events that could not be delivered. Same syntax as --sink.' }),
};

/** Parsed values of subscriptionSinkFlags. */
export interface SubscriptionSinkValues {
  sink?: string;
  'sink-reply'?: string;
  'sink-dead-letter'?: string;
}

/** Resolves the given sink flags first, then returns a mutation applying them to a subscription. */
export async function subscriptionChanges(
  flags: SubscriptionSinkValues,
  sinks: SinkResolver,
): Promise<(sub: Subscription) => Subscription> {
  const subscriber = await resolveOptionalSink(flags.sink, sinks);
  const reply = await resolveOptionalSink(flags['sink-reply'], sinks);
  const dls = await resolveOptionalSink(flags['sink-dead-letter'], sinks);
  return (sub) => {
    if (subscriber) sub.spec.subscriber = subscriber;
    if (reply) sub.spec.reply = reply;
    if (dls) sub.spec.delivery = { ...(sub.spec.delivery ?? {}), deadLetterSink: dls };
    return sub;
  };
}
