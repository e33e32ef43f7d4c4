// Bundles the CLI and the long-running components with esbuild.
// One bundle per entry point (with shared chunks) keeps `kn` start-up low: importing
// @kubernetes/client-node unbundled costs ~0.7 s, from a bundle ~0.2 s, and commands that
// need it import it lazily so `kn --help` and `kn version` never load it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
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

/**
 * Keeps @kubernetes/client-node's unused parts out of the bundles (kn's start-up pays for every byte).
 * Its KubeConfig module takes two names from the generated index, which re-exports every API class and
 * model: with code splitting, all of that would land in the chunk every cluster command loads, so
 * config.js gets those two names from their own modules instead. The ~700 generated model modules only
 * declare classes (their static fields make esbuild assume side effects), so a model module no code
 * imports a name from is marked side-effect free and dropped. node-fetch v2 falls back to
 * whatwg-url only when Node has no `url.URL`, which it always has, so that module (and the 300 KB
 * Unicode table it parses at load) is replaced by Node's URL. Proxy agents (socks, hpagent) and
 * openid-client are only needed for a proxy-url or an OIDC user: they are required on first use
 * instead of being evaluated when KubeConfig loads (openid-client goes to its own chunk).
 */
const LAZY_CLIENT_NODE_IMPORTS = {
  'config.js': [
    [
      "import { SocksProxyAgent } from 'socks-proxy-agent';",
      "function SocksProxyAgent(...a) { return new (require('socks-proxy-agent').SocksProxyAgent)(...a); }",
    ],
    [
      "import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';",
      "function HttpProxyAgent(...a) { return new (require('hpagent').HttpProxyAgent)(...a); }\n" +
        "function HttpsProxyAgent(...a) { return new (require('hpagent').HttpsProxyAgent)(...a); }",
    ],
  ],
  'oidc_auth.js': [
    ["import * as oidc from 'openid-client';", ''],
    ['await oidc.', "await (await import('openid-client'))."],
  ],
};
const leanClientNode = {
  name: 'lean-client-node',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, (a) => (/[\\/]node-fetch[\\/]/.test(a.importer) ? { path: 'whatwg-url', namespace: 'node-url' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({ contents: 'module.exports = { URL: globalThis.URL };', loader: 'js' }));
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (a) =>
      /client-node[\\/]dist[\\/]config\.js$/.test(a.importer) ? { path: a.importer, namespace: 'client-node-config-gen' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'client-node-config-gen' }, (a) => ({
      contents: "export { createConfiguration } from './gen/configuration.js';\nexport { ServerConfiguration } from './gen/servers.js';\n",
      resolveDir: dirname(a.path),
      loader: 'js',
    }));
    b.onLoad({ filter: /client-node[\\/]dist[\\/](config|oidc_auth)\.js$/ }, async (a) => {
      let src = await readFile(a.path, 'utf8');
      const warnings = [];
      for (const [from, to] of LAZY_CLIENT_NODE_IMPORTS[a.path.split(/[\\/]/).pop()]) {
        if (!src.includes(from)) warnings.push({ text: `lean-client-node: "${from}" not found (client-node changed?); left as is` });
        src = src.split(from).join(to);
      }
      return { contents: src, loader: 'js', warnings };
    });
    b.onResolve({ filter: /\/models\/[^/]+\.js$/ }, async (a) => {
      if (a.pluginData === 'lean' || !/client-node[\\/]dist[\\/]gen[\\/]/.test(a.importer)) return undefined;
      const r = await b.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: 'lean' });
      return r.errors.length > 0 ? undefined : { ...r, sideEffects: false };
    });
  },
};

/**
 * Inline requires for @oclif/core (the technique of Metro's inlineRequires or Babel's lazy CommonJS
 * transform): its modules require their dependencies at the top, so loading the package evaluates
 * semver, ejs, minimatch, tinyglobby, cli-spinners... although a kn run uses few of them. Each
 * `const x_1 = require("...")` becomes a proxy that requires the module when a property is first
 * read. Safe for TypeScript's CommonJS output, which only ever reads `x_1.name`.
 */
const LAZY_REQUIRE_RUNTIME = `
module.exports = function lazyRequire(load) {
  let mod;
  const real = () => (mod === undefined ? (mod = load()) : mod);
  return new Proxy(Object.create(null), {
    get: (_, k) => real()[k],
    set: (_, k, v) => { real()[k] = v; return true; },
    has: (_, k) => k in real(),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (t, k) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), k);
      // Proxy invariant: a non-configurable property must exist on the target too.
      if (d && !d.configurable && !Reflect.getOwnPropertyDescriptor(t, k)) Reflect.defineProperty(t, k, d);
      return d;
    },
    defineProperty: (_, k, d) => Reflect.defineProperty(real(), k, d),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
};
`;
const REQUIRE_DECL = /^(const|var) (\w+) = ((?:__importDefault|__importStar)\()?require\("([^"]+)"\)(\))?;$/gm;
const lazyOclifRequires = {
  name: 'lazy-oclif-requires',
  setup(b) {
    b.onResolve({ filter: /^kn-lazy-require$/ }, () => ({ path: 'kn-lazy-require', namespace: 'kn-lazy-require' }));
    b.onLoad({ filter: /.*/, namespace: 'kn-lazy-require' }, () => ({ contents: LAZY_REQUIRE_RUNTIME, loader: 'js' }));
    b.onLoad({ filter: /[\\/]@oclif[\\/]core[\\/]lib[\\/].*\.js$/ }, async (a) => {
      const src = await readFile(a.path, 'utf8');
      const out = src.replace(REQUIRE_DECL, (m, kw, name, wrap, spec, close) => {
        // Node built-ins cost nothing to load.
        if (spec.startsWith('node:') || Boolean(wrap) !== Boolean(close)) return m;
        return `${kw} ${name} = require("kn-lazy-require")(() => ${wrap ?? ''}require("${spec}")${close ?? ''});`;
      });
      // oclif's engine check requires semver (~10 ms) and then always fails silently in an ESM bundle
      // (it reads package.json through __dirname, undefined there): skip the call.
      if (/[\\/]lib[\\/]index\.js$/.test(a.path)) return { contents: out.replace(/^checkNodeVersion\(\);$/m, ''), loader: 'js' };
      return { contents: out, loader: 'js' };
    });
  },
};

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
  plugins: [leanClientNode, lazyOclifRequires],
  logLevel: 'warning',
  define: {
    __KN_VERSION__: JSON.stringify(`v${pkg.version}`),
    __KN_BUILD_DATE__: JSON.stringify(buildDate),
    __KN_GIT_REVISION__: JSON.stringify(gitRevision),
    __KN_BUNDLED__: 'true',
  },
});
// Packages kn loads only on first use, as single CommonJS files (src/lib/cli/lazy-modules.ts).
await build({
  entryPoints: { 'vendor/yaml': 'node_modules/yaml/dist/index.js' },
  outdir: staging,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
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
