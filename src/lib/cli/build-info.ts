// Version facts baked in by scripts/build.mjs (esbuild `define`); defaults when running unbundled.
declare const __KN_VERSION__: string | undefined;
declare const __KN_BUILD_DATE__: string | undefined;
declare const __KN_GIT_REVISION__: string | undefined;

/** Build metadata shown by `kn version`. */
export interface BuildInfo {
  version: string;
  buildDate: string;
  gitRevision: string;
  /** Knative API versions this kn implements and talks to. */
  servingVersion: string;
  eventingVersion: string;
}

/** The running binary's build info. */
export function buildInfo(): BuildInfo {
  const version = typeof __KN_VERSION__ === 'string' ? __KN_VERSION__ : 'v0.0.0-dev';
  return {
    version,
    buildDate: typeof __KN_BUILD_DATE__ === 'string' ? __KN_BUILD_DATE__ : '',
    gitRevision: typeof __KN_GIT_REVISION__ === 'string' ? __KN_GIT_REVISION__ : '',
    // The upstream APIs our control plane serves (kept in step with src/lib/serving and eventing).
    servingVersion: 'v1.20.0',
    eventingVersion: 'v1.20.0',
  };
}
