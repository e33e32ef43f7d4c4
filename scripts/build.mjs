// Bundles the CLI and the long-running components with esbuild.
// One bundle per entry point (with shared chunks) keeps `kn` start-up low: importing
// @kubernetes/client-node unbundled costs ~0.7 s, from a bundle ~0.2 s, and commands that
// need it import it lazily so `kn --help` and `kn version` never load it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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

// Build into a fresh folder, then move each file into dist/ with an atomic rename: a kn or control plane
// already running from dist/ (a test, a daemon) never sees a half-written or missing file.
const staging = `dist.staging-${process.pid}`;
await rm(staging, { recursive: true, force: true });
await build({
  entryPoints: present,
  outdir: staging,
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

// Move the staged files into dist/, then drop chunks no build has written for an hour (a process started
// from an older build may still import its own chunks for a while).
const written = new Set();
async function moveTree(from, to) {
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) {
      await moveTree(src, dst);
      continue;
    }
    await mkdir(dirname(dst), { recursive: true });
    await rename(src, dst);
    written.add(dst);
  }
}
await moveTree(staging, 'dist');
await rm(staging, { recursive: true, force: true });
const chunkDir = join('dist', 'chunks');
for (const name of existsSync(chunkDir) ? await readdir(chunkDir) : []) {
  const file = join(chunkDir, name);
  if (!written.has(file) && Date.now() - (await stat(file)).mtimeMs > 3600_000) await rm(file, { force: true });
}
