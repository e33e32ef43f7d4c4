// Local mode benchmark: what a new user waits for and what the control plane costs.
//   1. `kn quickstart local` ready time, fresh data dir and restart of an existing one (goal <= 2 s);
//   2. resident memory of the idle control plane (goal <= 150 MB);
//   3. `kn service create` to the first 200 through the gateway (goal <= 1 s), against the floor:
//      starting the same sample process directly and polling until it answers.
// Writes bench/local/RESULTS.md. Usage: npm run build && node bench/local/run.mjs [--runs N]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const kn = join(root, 'bin', 'run.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const IMAGE = 'ghcr.io/knative/helloworld-go';

if (!existsSync(join(root, 'dist', 'kn.js'))) {
  console.error('dist/kn.js missing: run `npm run build` first');
  process.exit(1);
}

const home = mkdtempSync(join(tmpdir(), 'kn-bench-local-'));
const dataDir = join(home, 'data');
const env = { ...process.env, HOME: home, KUBECONFIG: join(home, '.kube', 'config') };


/** Runs a command to completion; resolves with wall milliseconds, rejects on a non-zero exit. */
function run(cmd, args) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', rej);
    child.on('close', (code) => (code === 0 ? res(performance.now() - t0) : rej(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/** One GET with a Host header; resolves with the status code (0 on a connection error). */
function get(port, host) {
  return new Promise((res) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: host ? { host } : {}, agent: false }, (r) => {
      r.resume();
      r.on('end', () => res(r.statusCode ?? 0));
    });
    req.on('error', () => res(0));
    req.setTimeout(5000, () => req.destroy());
    req.end();
  });
}

/** Polls every 5 ms until a 200; resolves with the time of the first 200 (rejects after `limitMs`). */
async function untilOk(port, host, limitMs = 30000) {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if ((await get(port, host)) === 200) return performance.now();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no 200 from 127.0.0.1:${port} (${host ?? 'no host'}) within ${limitMs} ms`);
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => `${Math.round(ms)} ms`;

async function main() {
  const gatewayPort = await freePort();
  const start = ['quickstart', 'local', '--data-dir', dataDir, '--gateway-port', String(gatewayPort)];
  const fresh = [];
  const restart = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      fresh.push(await run(kn, start));
      await run(kn, ['quickstart', 'local', '--data-dir', dataDir, '--stop']);
      restart.push(await run(kn, start));
      if (i < RUNS - 1) await run(kn, ['quickstart', 'local', '--data-dir', dataDir, '--delete']);
      process.stderr.write('.');
    }
    process.stderr.write('\n');

    // Idle memory: the daemon after it settled (no services, informers synced).
    await new Promise((r) => setTimeout(r, 3000));
    const state = JSON.parse(readFileSync(join(dataDir, 'control-plane.json'), 'utf8'));
    const idleRss = rssMb(state.pid);

    // Create -> first 200, one new service each run (a cold revision: new pods every time).
    const createTo200 = [];
    const knCreate = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `bench-${i}`;
      const t0 = performance.now();
      const create = run(kn, ['service', 'create', name, '--image', IMAGE, '--no-wait']);
      const t1 = await untilOk(gatewayPort, `${name}.default.127.0.0.1.sslip.io`);
      knCreate.push(await create);
      createTo200.push(t1 - t0);
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    const rssWithServices = rssMb(state.pid);

    // Floor: the same sample started directly, polled until it answers.
    const floor = [];
    for (let i = 0; i < RUNS; i++) {
      const port = await freePort();
      const t0 = performance.now();
      const child = spawn(process.execPath, [join(root, 'dist', 'samples', 'helloworld.js')], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
      try {
        floor.push((await untilOk(port)) - t0);
      } finally {
        child.kill('SIGKILL');
      }
    }

    const f = median(fresh);
    const r = median(restart);
    const c = median(createTo200);
    const fl = median(floor);
    const k = median(knCreate);
    const lines = [
      '# Local mode benchmark',
      '',
      `Generated by \`node bench/local/run.mjs --runs ${RUNS}\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} CPUs,`,
      `Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end (compare within a run). Medians of ${RUNS} runs.`,
      '',
      '| measure | ours | baseline | ratio | goal |',
      '| --- | ---: | ---: | ---: | --- |',
      `| \`kn quickstart local\`, fresh data dir, to ready | ${fmt(f)} | | | <= 2 s: ${f <= 2000 ? 'met' : 'not met'} |`,
      `| \`kn quickstart local\`, restart of a stopped one | ${fmt(r)} | | | <= 2 s: ${r <= 2000 ? 'met' : 'not met'} |`,
      `| \`kn service create\` to first 200 via the gateway | ${fmt(c)} | ${fmt(fl)} (sample process started directly, polled) | ${(c / fl).toFixed(2)}x | <= 1 s: ${c <= 1000 ? 'met' : 'not met'} |`,
      `| of which the \`kn service create --no-wait\` process itself (Node start, module load, one POST) | ${fmt(k)} | | | |`,
      `| control plane RSS, idle | ${idleRss.toFixed(0)} MB | | | <= 150 MB: ${idleRss <= 150 ? 'met' : 'not met'} |`,
      `| control plane RSS, after ${RUNS} services | ${rssWithServices.toFixed(0)} MB | | | |`,
      '',
      'The control plane RSS is the daemon process alone (API server, controllers, node agent, serving,',
      'networking and eventing in one process); pods are separate processes and not counted.',
      `Raw (ms): fresh ${fresh.map(Math.round).join(', ')}; restart ${restart.map(Math.round).join(', ')}; create->200 ${createTo200.map(Math.round).join(', ')}; kn create process ${knCreate.map(Math.round).join(', ')}; floor ${floor.map(Math.round).join(', ')}.`,
      '',
    ];
    writeFileSync(join(root, 'bench', 'local', 'RESULTS.md'), lines.join('\n'));
    console.log(lines.join('\n'));
  } finally {
    await run(kn, ['quickstart', 'local', '--data-dir', dataDir, '--delete']).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`Error: ${e.message}`);
  process.exit(1);
});
