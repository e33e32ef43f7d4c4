// A/B of the broker data plane: the working tree against a git revision, with the plain proxy hop as
// a yardstick. The three hop processes run side by side and take turns in 1 s load windows, so a
// noisy neighbour's burst hits all of them alike; CPU µs per event of each hop process (user + system,
// from process.cpuUsage) is the figure to compare, events/s only within one run.
// Usage: node bench/broker/compare.mjs [--base HEAD~1] [--windows 10] [--triggers 1] [--concurrency 32]
import { build } from 'esbuild';
import { execFileSync, fork } from 'node:child_process';
import http from 'node:http';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const BASE = arg('base', 'HEAD');
const WINDOWS = Number(arg('windows', '10'));
const TRIGGERS = arg('triggers', '1');
const CONCURRENCY = Number(arg('concurrency', '32'));
const WINDOW_MS = 1000;

// Bundles broker-server.ts of a source tree; packages resolve from this checkout's node_modules.
async function bundle(tree, outfile) {
  await build({
    entryPoints: [path.join(tree, 'bench/broker/broker-server.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    nodePaths: [path.join(root, 'node_modules')],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

function start(script, args) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: m.url }));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

const cpuOf = (child) =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m.cpu));
    child.send('cpu');
  });

const body = Buffer.from(JSON.stringify({ hello: 'world', n: 42 }));

// Closed loop of CONCURRENCY keep-alive POSTs for `ms`; returns the number of 2xx answers.
async function load(url, ms) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const t = new URL(url);
  let ok = 0;
  let seq = 0;
  const post = () =>
    new Promise((resolve) => {
      const headers = { 'ce-id': `e${seq++}`, 'ce-source': '/bench', 'ce-type': 'bench.event', 'ce-specversion': '1.0', 'content-type': 'application/json', 'content-length': body.length };
      const req = http.request({ agent, method: 'POST', hostname: t.hostname, port: t.port, path: t.pathname, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const end = performance.now() + ms;
  const worker = async () => {
    while (performance.now() < end) if ((await post()) < 300) ok++;
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return ok;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'kn-bench-compare-'));
const procs = [];
try {
  const baseTree = path.join(dir, 'base');
  // The base revision's src/ with this checkout's harness (older harnesses cannot report CPU time).
  execFileSync('sh', ['-c', `mkdir -p "${baseTree}" && git -C "${root}" archive "${BASE}" src | tar -x -C "${baseTree}"`]);
  await mkdir(path.join(baseTree, 'bench/broker'), { recursive: true });
  await copyFile(path.join(root, 'bench/broker/broker-server.ts'), path.join(baseTree, 'bench/broker/broker-server.ts'));
  const subscriber = await start(path.join(root, 'bench/broker/subscriber.mjs'), []);
  procs.push(subscriber);
  const hops = {
    [`base (${BASE})`]: await start(await bundle(baseTree, path.join(dir, 'base.mjs')), [subscriber.url, TRIGGERS, TRIGGERS]),
    'working tree': await start(await bundle(root, path.join(dir, 'work.mjs')), [subscriber.url, TRIGGERS, TRIGGERS]),
    'plain proxy hop': await start(path.join(root, 'bench/broker/plain-proxy.mjs'), [subscriber.url]),
  };
  procs.push(...Object.values(hops));
  const totals = Object.fromEntries(Object.keys(hops).map((k) => [k, { ok: 0, ms: 0, user: 0, system: 0 }]));
  for (const h of Object.values(hops)) await load(h.url, 500); // warm-up (JIT)
  for (let w = 0; w < WINDOWS; w++) {
    for (const [name, h] of Object.entries(hops)) {
      const c0 = await cpuOf(h.child);
      const t0 = performance.now();
      const ok = await load(h.url, WINDOW_MS);
      const c1 = await cpuOf(h.child);
      const t = totals[name];
      t.ok += ok;
      t.ms += performance.now() - t0;
      t.user += c1.user - c0.user;
      t.system += c1.system - c0.system;
    }
  }
  console.log(`${TRIGGERS} matching trigger(s), ${WINDOWS} x ${WINDOW_MS} ms windows each, load average ${os.loadavg()[0].toFixed(1)}`);
  for (const [name, t] of Object.entries(totals)) {
    const perEvent = (us) => (us / t.ok).toFixed(1);
    console.log(`${name.padEnd(20)} ${((t.ok / t.ms) * 1000).toFixed(0).padStart(6)} POST/s   CPU ${perEvent(t.user + t.system)} µs/POST (user ${perEvent(t.user)}, system ${perEvent(t.system)})`);
  }
} finally {
  for (const p of procs) p.child.kill();
  await rm(dir, { recursive: true, force: true });
}
