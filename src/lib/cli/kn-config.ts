// The kn config file (~/.config/kn/config.yaml, spec §14): located, created if missing, parsed lazily.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { KnError } from '../api/errors.js';
import { yaml } from './lazy-modules.js';

/** `eventing.sink-mappings` entry. */
export interface SinkMapping {
  prefix: string;
  group: string;
  version: string;
  resource: string;
}

/** `eventing.channel-type-mappings` entry. */
export interface ChannelTypeMapping {
  alias: string;
  group: string;
  version: string;
  kind: string;
}

/** `profiles.<name>` entry. */
export interface Profile {
  annotations?: Array<{ name: string; value: string }>;
  labels?: Array<{ name: string; value: string }>;
}

/** Parsed kn configuration. */
export interface KnConfig {
  path: string;
  pluginsDirectory: string;
  sinkMappings: SinkMapping[];
  channelTypeMappings: ChannelTypeMapping[];
  profiles: Record<string, Profile>;
  contextSharing: boolean;
}

const TEMPLATE = `# kn configuration file. Uncomment and edit to use.
#plugins:
#  directory: ~/.config/kn/plugins
#eventing:
#  sink-mappings:
#  - prefix: svc
#    group: core
#    version: v1
#    resource: services
#  channel-type-mappings:
#  - alias: imc
#    group: messaging.knative.dev
#    version: v1
#    kind: InMemoryChannel
`;

/** Default config path: legacy ~/.kn if present, else $XDG_CONFIG_HOME/kn, else ~/.config/kn. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, warn?: (msg: string) => void): string {
  const home = env.HOME ?? homedir();
  const modern = env.XDG_CONFIG_HOME ? join(env.XDG_CONFIG_HOME, 'kn') : join(home, '.config', 'kn');
  const legacy = join(home, '.kn');
  if (process.platform !== 'win32' && existsSync(legacy)) {
    warn?.(`WARNING: deprecated kn config directory '${legacy}' detected. Please move your configuration to '${modern}'\n`);
    return join(legacy, 'config.yaml');
  }
  return join(modern, 'config.yaml');
}

/** Loads the config; a missing file is created from a commented template (failures ignored). */
export function loadKnConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env, warn?: (msg: string) => void): KnConfig {
  const file = path ?? defaultConfigPath(env, warn);
  const home = env.HOME ?? homedir();
  const cfg: KnConfig = {
    path: file,
    pluginsDirectory: join(dirname(file), 'plugins'),
    sinkMappings: [],
    channelTypeMappings: [],
    profiles: {},
    contextSharing: false,
  };
  if (!existsSync(file)) {
    if (path === undefined) createTemplate(file);
    return cfg;
  }
  let doc: Record<string, unknown>;
  try {
    doc = (yaml().parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null) ?? {};
  } catch (e) {
    throw new KnError(`cannot stat configfile ${file}: ${(e as Error).message}`);
  }
  const plugins = doc.plugins as { directory?: string } | undefined;
  const dir = plugins?.directory ?? (doc['plugins-dir'] as string | undefined);
  if (dir) cfg.pluginsDirectory = dir.replace(/^~(?=$|\/)/, home);
  const eventing = (doc.eventing ?? {}) as Record<string, unknown>;
  cfg.sinkMappings = listOf<SinkMapping>(eventing['sink-mappings'] ?? doc.sink, file, 'sink mappings', ['prefix', 'resource']);
  cfg.channelTypeMappings = listOf<ChannelTypeMapping>(eventing['channel-type-mappings'], file, 'channel type mappings', ['alias', 'kind']);
  const profiles = doc.profiles;
  if (profiles !== undefined) {
    if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) {
      throw new KnError(`error while parsing profiles in configuration file ${file}: expected a map`);
    }
    cfg.profiles = profiles as Record<string, Profile>;
  }
  const features = doc.features as { 'context-sharing'?: boolean } | undefined;
  cfg.contextSharing = features?.['context-sharing'] === true;
  return cfg;
}

function listOf<T>(v: unknown, file: string, what: string, required: string[]): T[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KnError(`error while parsing ${what} in configuration file ${file}: expected a list`);
  for (const item of v) {
    const missing = required.find((k) => typeof (item as Record<string, unknown>)?.[k] !== 'string');
    if (missing) throw new KnError(`error while parsing ${what} in configuration file ${file}: missing '${missing}'`);
  }
  return v as T[];
}

function createTemplate(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o775 });
    writeFileSync(file, TEMPLATE, { mode: 0o600, flag: 'wx' });
  } catch {
    // Upstream ignores failures here (read-only home, races).
  }
}
