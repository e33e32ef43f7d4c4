// Cold-start benchmark on loopback, for the parts we own: how long a request that arrives at a
// revision scaled to zero waits in the activator, split into (1) the activator's poke until the
// autoscaler asks for a pod, (2) starting a stand-in pod process (a node HTTP server; real pods
// add image and app start-up), (3) forwarding once the endpoint is ready. Then the warm path:
// requests/s and latency through the activator versus straight to the pod (autocannon).
// Settings: BENCH_ITERATIONS (10), BENCH_SECONDS (5), BENCH_CONNECTIONS (20).
// Each server of the warm path runs in its own process. Writes bench/coldstart/RESULTS.md.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const target = { namespace: 'default', revision: 'hello-00001' };
const revHeaders = { 'knative-serving-revision': target.revision, 'knative-serving-namespace': target.namespace };

const tmp = await mkdtemp(path.join(os.tmpdir(), 'kn-coldstart-'));
const bundle = path.join(tmp, 'coldstart.mjs');
await build({ entryPoints: [path.join(here, 'entry.ts')], outfile: bundle, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
const { Activator, startActivatorServer, startAutoscaler, defaultAutoscalerConfig, realClock } = await import(bundle);

/** Starts a node script (argument array, no shell); resolves with the process and the port it prints. */
function startScript(script, ...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ child, port: Number(out.trim()) });
    });
    child.on('error', reject);
  });
}

const startPod = () => startScript('pod.mjs');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

let autoscaler;
const activator = new Activator({
  lookupRevision: () => ({ containerConcurrency: 0, timeoutSeconds: 60 }),
  onDemand: (ns, rev, stat) => autoscaler?.recordStat(ns, rev, stat),
});
const server = await startActivatorServer(activator);
const rows = [];

for (let i = 0; i < iterations; i++) {
  let pod;
  let replicas = 0;
  const marks = {};
  const pa = { ...target, name: target.revision, observed: { active: 'False', activeSince: Date.now() - 600_000, scaleTargetInitialized: true } };
  autoscaler = startAutoscaler(
    {
      config: () => defaultAutoscalerConfig(),
      listPodAutoscalers: async () => [pa],
      readyPods: async () => (pod ? [{ name: 'pod', ip: '127.0.0.1' }] : []),
      scrapePod: async () => Promise.reject(new Error('not scraped in this bench')),
      getScale: async () => replicas,
      setScale: async (_pa, n) => {
        replicas = n;
        if (n === 0 || pod) return;
        marks.scale = performance.now();
        pod = await startPod();
        marks.pod = performance.now();
        activator.endpointsChanged(target, [`127.0.0.1:${pod.port}`]);
      },
      writeStatus: async () => {},
    },
    realClock,
  );
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${server.port}/`, { headers: revHeaders });
  await res.text();
  const t1 = performance.now();
  if (res.status !== 200) throw new Error(`cold request answered ${res.status}`);
  rows.push({ poke: marks.scale - t0, podStart: marks.pod - marks.scale, forward: t1 - marks.pod, total: t1 - t0 });
  autoscaler.stop();
  activator.endpointsChanged(target, []);
  pod.child.kill();
}

// Warm path: one pod, endpoints known; the activator in its own process so it does not share a
// core with the load generator.
await server.close();
const warmPod = await startPod();
const warmActivator = await startScript('activator-proc.mjs', bundle, String(warmPod.port));
const load = (port, headers) =>
  new Promise((resolve, reject) =>
    autocannon({ url: `http://127.0.0.1:${port}/`, headers, connections, duration: seconds }, (err, r) => (err ? reject(err) : resolve(r))),
  );
const direct = await load(warmPod.port, {});
const via = await load(warmActivator.port, revHeaders);
warmPod.child.kill();
warmActivator.child.kill();
await rm(tmp, { recursive: true, force: true });

const col = (k) => rows.map((r) => r[k]);
const lines = [
  '# Cold start through the activator (loopback)',
  '',
  `${iterations} cold requests, ${os.cpus().length} CPUs, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} (shared machine: compare within a run). Stand-in pod = a node HTTP server process.`,
  '',
  '| phase | p50 | p90 | max |',
  '| --- | --- | --- | --- |',
  ...[
    ['activator poke → scale request', 'poke'],
    ['stand-in pod start', 'podStart'],
    ['endpoint ready → response', 'forward'],
    ['total', 'total'],
  ].map(([label, k]) => `| ${label} | ${ms(quantile(col(k), 0.5))} | ${ms(quantile(col(k), 0.9))} | ${ms(Math.max(...col(k)))} |`),
  '',
  `## Warm path (${connections} connections, ${seconds}s)`,
  '',
  '| path | req/s | p50 | p99 |',
  '| --- | --- | --- | --- |',
  `| direct to pod | ${Math.round(direct.requests.average)} | ${direct.latency.p50} ms | ${direct.latency.p99} ms |`,
  `| through activator | ${Math.round(via.requests.average)} | ${via.latency.p50} ms | ${via.latency.p99} ms |`,
  '',
];
const text = lines.join('\n');
process.stdout.write(`${text}\n`);
await writeFile(path.join(here, 'RESULTS.md'), text);
