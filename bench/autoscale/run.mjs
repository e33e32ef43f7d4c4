// Autoscaler reaction to a load step, on the real local control plane (dist/control-plane.js's
// startControlPlane, in this process): a service with containerConcurrency=1 and target 1
// (utilization 100%), kept at min-scale 1 so the step measures scale-out, not a cold start
// (bench/coldstart covers that). Load: 0 → N concurrent looping clients for T s → 0. Ready pods and
// the Deployment's replicas are sampled from the API every 250 ms.
// Writes bench/autoscale/pods-over-time.svg and bench/autoscale/RESULTS.md.
// Settings (env): BENCH_CLIENTS (5), BENCH_LOAD_SECONDS (20), BENCH_SLEEP_MS (250: per-request
// work of the app), BENCH_STABLE_WINDOW (6s), BENCH_AFTER_SECONDS (40: at most this long after the
// load for the way back to min-scale). Usage: npm run build && node bench/autoscale/run.mjs
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { podsOverTimeSvg } from './chart.mjs';
import { freePort } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5);
const LOAD_S = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const SLEEP_MS = Number(process.env.BENCH_SLEEP_MS ?? 250);
const STABLE_WINDOW = process.env.BENCH_STABLE_WINDOW ?? '6s';
const AFTER_S = Number(process.env.BENCH_AFTER_SECONDS ?? 40);
const BEFORE_S = 3;
const SAMPLE_MS = 250;
const SERVICE = 'load';

const plane_js = join(root, 'dist', 'control-plane.js');
if (!existsSync(plane_js)) {
  console.error('Error: dist/control-plane.js missing: run `npm run build` first');
  process.exit(1);
}
const { startControlPlane } = await import(pathToFileURL(plane_js).href);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));


/** Runs the bundled kn (async: the control plane lives in this process and must keep running). */
function kn(args, env) {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'run.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => res({ code, out }));
  });
}

/** One API request with the control plane's credentials; resolves with status and parsed body. */
function api(state, method, path, body, contentType = 'application/json') {
  const url = new URL(path, state.apiUrl);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((res, rej) => {
    const req = mod.request(
      url,
      { method, ca: state.caCertPem, headers: { authorization: `Bearer ${state.token}`, accept: 'application/json', ...(body ? { 'content-type': contentType } : {}) } },
      (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (d) => (text += d));
        r.on('end', () => res({ status: r.statusCode, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', rej);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const isReady = (p) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Ready pods and the Deployment's spec.replicas of the service right now. */
async function countPods(state) {
  const sel = encodeURIComponent(`serving.knative.dev/service=${SERVICE}`);
  const [pods, deps] = await Promise.all([
    api(state, 'GET', `/api/v1/namespaces/default/pods?labelSelector=${sel}`),
    api(state, 'GET', `/apis/apps/v1/namespaces/default/deployments?labelSelector=${sel}`),
  ]);
  const items = deps.body?.items ?? [];
  return {
    ready: (pods.body?.items ?? []).filter(isReady).length,
    replicas: items.length ? items.reduce((n, d) => n + (d.spec?.replicas ?? 1), 0) : undefined,
  };
}

/** N looping clients through the gateway; each keeps one keep-alive connection, as a browser would. */
function startLoad(port, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: n });
  const statuses = {};
  const latencies = [];
  let running = true;
  const one = () =>
    new Promise((res) => {
      const t = performance.now();
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent, headers: { host: `${SERVICE}.default.127.0.0.1.sslip.io` }, timeout: 60_000 }, (r) => {
        r.resume();
        r.on('end', () => {
          statuses[r.statusCode] = (statuses[r.statusCode] ?? 0) + 1;
          latencies.push(performance.now() - t);
          res();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1;
        res();
      });
    });
  const loops = Array.from({ length: n }, async () => {
    while (running) await one();
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
      return { statuses, latencies };
    },
  };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const secs = (ms) => (ms === undefined ? 'not reached' : `${(ms / 1000).toFixed(2)} s`);

const dataDir = mkdtempSync(join(tmpdir(), 'kn-bench-autoscale-'));
const appFile = join(dataDir, 'slow.cjs');
writeFileSync(
  appFile,
  `const ms = Number(process.env.SLEEP_MS || 0);\nrequire('node:http').createServer((q, r) => setTimeout(() => r.end('ok\\n'), ms)).listen(Number(process.env.PORT));\n`,
);
const loadBefore = loadavg()[0];
const gatewayPort = await freePort();
const plane = await startControlPlane({ name: 'bench-autoscale', dataDir: join(dataDir, 'plane'), gatewayPort, logLevel: 'error' });
const env = { ...process.env, KUBECONFIG: join(dataDir, 'plane', 'kubeconfig'), HOME: join(dataDir, 'home'), NO_COLOR: '1' };
let exitCode = 0;
try {
  const cm = await api(
    plane.state,
    'PATCH',
    '/api/v1/namespaces/knative-serving/configmaps/config-autoscaler',
    { data: { 'stable-window': STABLE_WINDOW, 'max-scale-down-rate': '2' } },
    'application/merge-patch+json',
  );
  if (cm.status !== 200) throw new Error(`patching config-autoscaler: HTTP ${cm.status}`);
  const created = await kn(
    ['service', 'create', SERVICE, '--image', 'dev.local/slow', '--cmd', 'node', '--arg', appFile, '--env', `SLEEP_MS=${SLEEP_MS}`,
      '--concurrency-limit', '1', '--scale-utilization', '100', '--scale-min', '1'],
    env,
  );
  if (created.code !== 0) throw new Error(`kn service create failed:\n${created.out}`);

  // Sampling runs from before the step until the way back down is over.
  const samples = [];
  let clients = 0;
  let stepAt = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const due = Date.now() + SAMPLE_MS;
      const at = Date.now();
      try {
        samples.push({ at, clients, ...(await countPods(plane.state)) });
      } catch (e) {
        console.error(`sample failed: ${e.message}`);
      }
      await sleep(Math.max(0, due - Date.now()));
    }
  })();

  await sleep(BEFORE_S * 1000);
  const baseline = samples[samples.length - 1];
  stepAt = Date.now();
  clients = CLIENTS;
  const load = startLoad(gatewayPort, CLIENTS);
  await sleep(LOAD_S * 1000);
  const stopAt = Date.now();
  clients = 0;
  const result = await load.stop();
  const deadline = Date.now() + AFTER_S * 1000;
  while (Date.now() < deadline) {
    const last = samples[samples.length - 1];
    if (last.at > stopAt && last.ready === baseline.ready && last.replicas === baseline.replicas) break;
    await sleep(SAMPLE_MS);
  }
  await sleep(2000);
  sampling = false;
  await sampler;

  const after = (t0, pred) => samples.find((s) => s.at >= t0 && pred(s))?.at;
  const since = (t, t0) => (t === undefined ? undefined : t - t0);
  const peakReady = Math.max(...samples.map((s) => s.ready));
  const peakReplicas = Math.max(...samples.map((s) => s.replicas ?? 0));
  const ev = {
    decision: since(after(stepAt, (s) => (s.replicas ?? 0) > baseline.replicas), stepAt),
    firstPod: since(after(stepAt, (s) => s.ready > baseline.ready), stepAt),
    desired: since(after(stepAt, (s) => s.ready >= CLIENTS), stepAt),
    downDecision: since(after(stopAt, (s) => (s.replicas ?? 0) < peakReplicas), stopAt),
    backToMin: since(after(stopAt, (s) => s.ready === baseline.ready && s.replicas === baseline.replicas), stopAt),
  };
  const t = (at) => (at - stepAt) / 1000;
  const svg = podsOverTimeSvg({
    title: `Pods over time: load step 0 → ${CLIENTS} clients for ${LOAD_S} s (containerConcurrency 1, stable window ${STABLE_WINDOW})`,
    samples: samples.map((s) => ({ t: t(s.at), ready: s.ready, replicas: s.replicas, clients: s.clients })),
    marks: [
      { t: 0, label: 'load on' },
      { t: t(stopAt), label: 'load off' },
    ],
  });
  writeFileSync(join(here, 'pods-over-time.svg'), svg);

  const total = Object.values(result.statuses).reduce((a, b) => a + b, 0);
  // Little's law: requests really in flight on average = throughput × mean latency (≤ the client
  // count; the rest is each client's own time between a response and its next request).
  const meanLatencyS = result.latencies.reduce((a, b) => a + b, 0) / Math.max(1, result.latencies.length) / 1000;
  const inFlight = (total / LOAD_S) * meanLatencyS;
  // Scale-downs while the load was still on (the autoscaler following a lower measured concurrency).
  const dipsUnderLoad = samples.filter((s, i) => i > 0 && s.at > stepAt && s.at < stopAt && (s.replicas ?? 0) < (samples[i - 1].replicas ?? 0)).length;
  const notes = [];
  if (inFlight < CLIENTS - 0.5) {
    notes.push(
      `- In flight on average: ${inFlight.toFixed(1)} requests (throughput ${(total / LOAD_S).toFixed(1)}/s × mean latency ${(meanLatencyS * 1000).toFixed(0)} ms), ` +
        `not ${CLIENTS}: on this loaded machine each client spends part of its cycle outside the pods (its own event loop, the gateway), ` +
        'and the queue-proxies count only what reaches them, so the autoscaler rightly wants fewer pods than clients.',
    );
  }
  if (dipsUnderLoad > 0) {
    notes.push(
      `- ${dipsUnderLoad} scale-down step(s) while the load was on: the concurrency measured where the autoscaler looks (activator, ` +
        'queue-proxies) fell below the pod count. On a loaded machine part of each request cycle passes before a request reaches them ' +
        '(the client, the gateway in the same busy process), and that part is not load the pods see.',
    );
  }
  if (result.statuses[502]) {
    notes.push(
      `- ${result.statuses[502]} × 502: requests held by a pod that was removed under load. The node agent stops pods without running the user ` +
        "container's preStop hook (queue-proxy /wait-for-drain), so the app exits with requests in flight. Known gap, outside the autoscaler.",
    );
  }
  const loadAfter = loadavg()[0];
  const md = `# Autoscaler reaction to a load step (local control plane)

${CLIENTS} concurrent clients (each a loop of GETs through the gateway) switched on at once for ${LOAD_S} s, then off.
App: node HTTP server answering after ${SLEEP_MS} ms; \`--concurrency-limit 1 --scale-utilization 100 --scale-min 1\`
(target 1 request per pod, so ${CLIENTS} clients want ${CLIENTS} pods); config-autoscaler \`stable-window: ${STABLE_WINDOW}\`
(panic window 10% of it, at least one 1 s bucket), \`max-scale-down-rate: 2\`; autoscaler tick 2 s, scrape 1 s (upstream's intervals).
Ready pods and Deployment replicas sampled from the API every ${SAMPLE_MS} ms (times are ±${SAMPLE_MS} ms).
${cpus().length} CPUs, Node ${process.version}, load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after (shared machine).

| event | time |
| --- | --- |
| load step → first scale-up decision (replicas raised) | ${secs(ev.decision)} |
| load step → first new pod Ready | ${secs(ev.firstPod)} |
| load step → desired reached (${CLIENTS} ready pods) | ${secs(ev.desired)} |
| load off → first scale-down decision | ${secs(ev.downDecision)} |
| load off → back at min-scale (1 pod) | ${secs(ev.backToMin)} |

Peak: ${peakReady} ready pods, ${peakReplicas} wanted. Requests: ${total} answered (${Object.entries(result.statuses)
    .map(([k, v]) => `${v} × ${k}`)
    .join(', ')}), latency p50 ${quantile(result.latencies, 0.5).toFixed(0)} ms, p99 ${quantile(result.latencies, 0.99).toFixed(0)} ms
(with the default target-burst-capacity 211 the activator stays in the path and holds requests while pods come up).
${notes.length ? `\n${notes.join('\n')}\n` : ''}
![pods over time](pods-over-time.svg)

## What upstream would do

Upstream KPA ticks every 2 s on a 1 s scrape. A step from 1 to ${CLIENTS} concurrent requests against target 1
puts the panic-window average at ${CLIENTS}× the ready pods (≥ the 200% panic threshold), so the first tick
after the step asks for more pods (max-scale-up-rate 1000 does not limit it): a decision within about one
tick (≤ 2 s plus the scrape). The first tick sees a panic window only partly filled with the new load, so
it may ask for fewer than ${CLIENTS} and the next ticks add the rest (panic mode never scales down). The
activator's poke on the first request (concurrency 1, sent at once, as upstream) is summed into the same
one-second bucket as its regular report, so right at the step the panic window can read one request more
than the clients send, and panic mode holds that count: ${CLIENTS} + 1 pods is within upstream's behaviour.
The time to desired is that plus pod start-up, which on a kind cluster with a cached image is seconds
per pod. After the load stops, panic mode holds the count until
one stable window has passed without panic, then each tick may at most halve the ready pods
(max-scale-down-rate 2) down to min-scale. Here pods are local processes, so the start-up part is small
and the decision part dominates.
`;
  writeFileSync(join(here, 'RESULTS.md'), md);
  console.log(md);
} catch (e) {
  console.error(`Error: ${e.message}`);
  exitCode = 1;
} finally {
  await plane.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
