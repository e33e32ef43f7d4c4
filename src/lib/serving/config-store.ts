// Holds the parsed ServingConfig and re-parses it when a knative-serving config map changes; a bad
// map keeps the last good config (as upstream's config watcher does) and reports the error.
import { parseServingConfig, type ConfigMaps, type ServingConfig } from './config.js';

/** Names of the config maps ServingConfig is built from. */
export const SERVING_CONFIG_MAPS = [
  'config-domain',
  'config-network',
  'config-defaults',
  'config-gc',
  'config-deployment',
  'config-features',
  'config-autoscaler',
] as const;

/** The current ServingConfig, updated from config map data. */
export class ServingConfigStore {
  private readonly maps: Record<string, Readonly<Record<string, string>> | undefined> = {};
  private current: ServingConfig;

  constructor(
    initial: ConfigMaps = {},
    private readonly onError: (err: Error) => void = () => undefined,
  ) {
    Object.assign(this.maps, initial);
    this.current = parseServingConfig(this.maps);
  }

  /** The config to use now. */
  get(): ServingConfig {
    return this.current;
  }

  /** Applies a config map's new data (undefined = deleted); returns true when the config changed. */
  update(name: string, data: Readonly<Record<string, string>> | undefined): boolean {
    if (!(SERVING_CONFIG_MAPS as readonly string[]).includes(name)) return false;
    const next = { ...this.maps, [name]: data };
    try {
      this.current = parseServingConfig(next);
    } catch (e) {
      this.onError(e as Error);
      return false;
    }
    this.maps[name] = data;
    return true;
  }
}
