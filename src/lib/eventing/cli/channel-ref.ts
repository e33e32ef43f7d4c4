// `kn channel create --type` and `kn subscription create --channel` values (knative/client
// pkg/flags/channel_types.go, channel_ref.go): the built-in `imc` alias or Group:Version:Kind[:Name].
import { KnError } from '../../api/errors.js';
import type { KReference } from '../../api/eventing-types.js';
import type { ChannelTypeMapping } from '../../cli/kn-config.js';

/** A channel kind (apiVersion + kind). */
export interface ChannelType {
  apiVersion: string;
  kind: string;
}

/** Built-in channel type aliases. */
const ALIASES: Record<string, ChannelType> = { imc: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } };

/** Config aliases (`eventing.channel-type-mappings`), read only when no built-in alias matches. */
export type ChannelAliases = () => ChannelTypeMapping[];

function alias(name: string, config: ChannelAliases): ChannelType | undefined {
  const builtin = ALIASES[name.toLowerCase()];
  if (builtin) return { ...builtin };
  const m = config().find((x) => x.alias === name);
  return m ? { apiVersion: m.group ? `${m.group}/${m.version}` : m.version, kind: m.kind } : undefined;
}

/** Parses `--type`: an alias or `Group:Version:Kind`. */
export function parseChannelType(value: string, config: ChannelAliases = () => []): ChannelType {
  const known = alias(value, config);
  if (known) return known;
  const parts = value.split(':');
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw new KnError(`incorrect value '${value}' for '--type', must be in the format 'Group:Version:Kind' or configure an alias in kn config`, 'BadRequest');
  }
  const [group, version, kind] = parts as [string, string, string];
  return { apiVersion: `${group}/${version}`, kind };
}

/** Parses `--channel`: `name` (a Channel), `alias:name`, or `Group:Version:Kind:Name`. */
export function parseChannelRef(value: string, config: ChannelAliases = () => []): KReference {
  const parts = value.split(':');
  if (parts.length === 1 && parts[0] !== '') return { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: value };
  if (parts.length === 2 && parts[1] !== '') {
    const known = alias(parts[0] ?? '', config);
    if (known) return { ...known, name: parts[1] };
  }
  if (parts.length === 4 && parts.every((p) => p !== '')) {
    const [group, version, kind, name] = parts as [string, string, string, string];
    return { apiVersion: `${group}/${version}`, kind, name };
  }
  throw new KnError(`incorrect value '${value}' for '--channel', must be in the format 'Group:Version:Kind:Name' or configure an alias in kn config and refer as: '--channel ALIAS:NAME'`, 'BadRequest');
}
