// Delivery flags of `kn broker create|update` (knative/client pkg/commands/flags/delivery): they map
// onto spec.delivery; on update only the flags actually given change anything.
import { Flags } from '@oclif/core';
import type { DeliverySpec } from '../../api/eventing-types.js';
import { resolveOptionalSink, type SinkResolver } from './sink.js';

/** `--dl-sink`, `--retry`, `--timeout`, `--backoff-policy`, `--backoff-delay`, `--retry-after-max`. */
export const deliveryFlags = {
  'dl-sink': Flags.string({
    description: "The sink receiving event that could not be sent to a destination. Examples: '--dl-sink broker:nest' for a broker 'nest', '--dl-sink https://event.receiver.uri' for an URI with an 'http://' or 'https://' schema, '--dl-sink ksvc:receiver' or simply '--dl-sink receiver' for a Knative service 'receiver'.",
  }),
  retry: Flags.integer({ description: 'The minimum number of retries the sender should attempt when sending an event before moving it to the dead letter sink.', min: 0, max: 2147483647 }),
  timeout: Flags.string({ description: 'The timeout of each single request. The value must be greater than 0. Example: PT5S (5 seconds)' }),
  'backoff-policy': Flags.string({ description: 'The retry backoff policy (linear, exponential).' }),
  'backoff-delay': Flags.string({ description: 'The delay before retrying. Example: PT0.2S (0.2 seconds)' }),
  'retry-after-max': Flags.string({ description: "An optional upper bound on the duration specified in a \"Retry-After\" header when calculating backoff times for retrying 429 and 503 response codes. Example: PT1S (1 second)" }),
};

/** Parsed values of deliveryFlags. */
export interface DeliveryFlagValues {
  'dl-sink'?: string;
  retry?: number;
  timeout?: string;
  'backoff-policy'?: string;
  'backoff-delay'?: string;
  'retry-after-max'?: string;
}

/** True when at least one delivery flag was given. */
export function anyDeliveryFlag(flags: DeliveryFlagValues): boolean {
  return (['dl-sink', 'retry', 'timeout', 'backoff-policy', 'backoff-delay', 'retry-after-max'] as const).some((k) => flags[k] !== undefined);
}

/** Applies the given delivery flags onto `base` (a copy is returned; undefined when empty). */
export async function applyDeliveryFlags(
  base: DeliverySpec | undefined,
  flags: DeliveryFlagValues,
  sinks: SinkResolver,
): Promise<DeliverySpec | undefined> {
  const d: DeliverySpec = { ...(base ?? {}) };
  if (flags['dl-sink'] !== undefined) {
    const dls = await resolveOptionalSink(flags['dl-sink'], sinks);
    if (dls) d.deadLetterSink = dls;
    else delete d.deadLetterSink;
  }
  if (flags.retry !== undefined) d.retry = flags.retry;
  if (flags.timeout !== undefined) d.timeout = flags.timeout;
  if (flags['backoff-policy'] !== undefined) d.backoffPolicy = flags['backoff-policy'];
  if (flags['backoff-delay'] !== undefined) d.backoffDelay = flags['backoff-delay'];
  if (flags['retry-after-max'] !== undefined) d.retryAfterMax = flags['retry-after-max'];
  return Object.keys(d).length > 0 ? d : undefined;
}
