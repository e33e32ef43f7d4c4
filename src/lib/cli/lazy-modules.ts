// Heavy packages that only some runs need, loaded synchronously on first use instead of at start-up.
// `yaml` is ~260 KB of bundle: imported statically it was read, compiled and evaluated by every kn
// run (`kn version` included) although only -o yaml, the kn config file and a few commands use it.
// In the bundle it is a separate file (dist/vendor/yaml.cjs, written by scripts/build.mjs) required
// when first needed; from sources (tests) it is the package itself.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

declare const __KN_BUNDLED__: boolean | undefined;

const nodeRequire = createRequire(import.meta.url);

/** Requires a vendored copy of `pkg` when running from the bundle, else the package. */
function vendored<T>(pkg: string): T {
  if (typeof __KN_BUNDLED__ === 'boolean' && __KN_BUNDLED__) {
    // Bundled code runs from dist/ (entry points) or dist/chunks/ (shared chunks).
    for (const rel of [`./vendor/${pkg}.cjs`, `../vendor/${pkg}.cjs`]) {
      const file = fileURLToPath(new URL(rel, import.meta.url));
      if (existsSync(file)) return nodeRequire(file) as T;
    }
  }
  return nodeRequire(pkg) as T;
}

let yamlModule: typeof import('yaml') | undefined;

/** The `yaml` package, loaded on first call. */
export function yaml(): typeof import('yaml') {
  return (yamlModule ??= vendored<typeof import('yaml')>('yaml'));
}
