// Bundles the CLI and the long-running components with esbuild.
// One bundle per entry point (with shared chunks) keeps `kn` start-up low: importing
// @kubernetes/client-node unbundled costs ~0.7 s, from a bundle ~0.2 s, and commands that
// need it import it lazily so `kn --help` and `kn version` never load it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';

// Every executable entry point of the project. Add new ones here.
const entryPoints = {
  kn: 'src/cli/main.ts',
  'control-plane': 'src/lib/cluster/local/main.ts',
  component: 'src/components/main.ts',
  'samples/helloworld': 'src/samples/helloworld.ts',
  'samples/event-display': 'src/samples/event-display.ts',
};

const present = Object.fromEntries(Object.entries(entryPoints).filter(([, file]) => existsSync(file)));

// Version facts for `kn version` (src/lib/cli/build-info.ts).
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
let gitRevision = '';
try {
  gitRevision = execFileSync('git', ['rev-parse', '--short=8', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // Not a git checkout (e.g. a tarball): leave it empty.
}
const buildDate = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: present,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Native addons cannot be bundled. oclif require()s typescript/ts-node only when running commands
  // from .ts sources (never with our explicit command map); bundling them would add 10 MB to kn.
  external: ['better-sqlite3', 'typescript', 'ts-node'],
  // Some CommonJS deps call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __knCreateRequire } from 'node:module'; const require = __knCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  define: {
    __KN_VERSION__: JSON.stringify(`v${pkg.version}`),
    __KN_BUILD_DATE__: JSON.stringify(buildDate),
    __KN_GIT_REVISION__: JSON.stringify(gitRevision),
  },
});
