// Trigger flags shared by `kn trigger create|update`: --filter (exact attributes) and --sink.
import { Flags } from '@oclif/core';
import { KnError, toKnError } from '../../api/errors.js';
import { mergeKeyValues, parseKeyValues } from './key-values.js';

/** Help text of every `--sink` flag. */
export const SINK_DESCRIPTION =
  "Addressable sink for events. You can specify a broker, channel, Knative service or URI. Examples: '--sink broker:nest' for a broker 'nest', '--sink channel:pipe' for a channel 'pipe', '--sink ksvc:mysvc:mynamespace' for a Knative service 'mysvc' in another namespace 'mynamespace', '--sink https://event.receiver.uri' for an URI with an 'http://' or 'https://' schema, '--sink ksvc:receiver' or simply '--sink receiver' for a Knative service 'receiver' in the current namespace. If a prefix is not provided, it is considered as a Knative service in the current namespace.";

/** `-s/--sink`. */
export const sinkFlag = { sink: Flags.string({ char: 's', description: SINK_DESCRIPTION }) };

/** `--filter` (repeatable, comma lists allowed). */
export const filterFlag = {
  filter: Flags.string({
    description: 'Key-value pair for exact CloudEvent attribute matching against incoming events, e.g type=dev.knative.foo',
    multiple: true,
  }),
};

/** Merges --filter values over existing attributes; errors read `<prefix> because Invalid --filter: …`. */
export function applyFilters(base: Record<string, string> | undefined, values: string[] | undefined, errorPrefix: string): Record<string, string> | undefined {
  try {
    return mergeKeyValues(base, parseKeyValues(values, { allowRemoval: true, splitCommas: true }));
  } catch (e) {
    throw new KnError(`${errorPrefix} because Invalid --filter: ${toKnError(e).message}`, 'BadRequest');
  }
}

/** The error cobra prints for a missing required flag. */
export function requiredFlagError(name: string): KnError {
  return new KnError(`required flag(s) "${name}" not set`, 'BadRequest');
}
