// Broker data plane benchmark: events/s and latency from POST at the broker ingress to arrival at
// the subscriber, with 1 and 10 triggers, against POSTing straight to the subscriber.
// Load generator (this process), broker and subscriber run in three processes, so both the direct and
// the broker path cross processes; send and arrival times are wall-clock (performance.timeOrigin based).
// Usage: node bench/broker/broker.mjs [--seconds 5] [--concurrency 32] [--runs 3] [--out docs/benchmarks-broker.md]
//        [--only <substring of a scenario name>] [--cpu-prof <dir>]   (--only skips writing the report;
//        --cpu-prof runs the hop process under `node --cpu-prof` and leaves the .cpuprofile files in <dir>)
// Each scenario runs --runs times, interleaved with the others; the table reports medians, which
// keeps a noisy neighbour's burst from deciding the result.
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('seconds', '5'));
const CONCURRENCY = Number(arg('concurrency', '32'));
const RUNS = Number(arg('runs', '3'));
const OUT = arg('out', path.join(root, 'docs/benchmarks-broker.md'));
const ONLY = arg('only', undefined);
const CPU_PROF = arg('cpu-prof', undefined);
const WARMUP_MS = 1000;
const LOAD_AT_START = os.loadavg()[0];

const now = () => performance.now();
const wallNow = () => performance.timeOrigin + performance.now();

// Starts a child process and waits for its first IPC message (its URL).
function startChild(script, args, execArgv = []) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: m.url }));
    child.once('error', reject);
  });
}

const stopChild = (child) =>
  new Promise((resolve) => {
    child.once('exit', resolve);
    child.send('stop');
  });

// Collects the subscriber's arrival records.
const dumpArrivals = (child) =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(new Map(m.arrivals)));
    child.send('dump');
  });

// CPU time (user and system, microseconds) a child has used so far; zeros for no child.
const cpuOf = (child) =>
  child
    ? new Promise((resolve) => {
        child.once('message', (m) => resolve(m.cpu));
        child.send('cpu');
      })
    : Promise.resolve({ user: 0, system: 0 });

// Closed-loop load: CONCURRENCY workers POST binary-mode events back to back for SECONDS.
// `hop` is the process between the load and the subscriber (if any): its CPU time is measured over
// the measuring window, a figure that depends far less on the neighbours' load than events/s.
async function load(url, hop) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const target = new URL(url);
  const body = Buffer.from(JSON.stringify({ hello: 'world', n: 42 }));
  const sent = new Map();
  let seq = 0;
  let ok = 0;
  let failed = 0;
  let measuring = false;
  const post = (id) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          agent,
          method: 'POST',
          hostname: target.hostname,
          port: target.port,
          path: target.pathname,
          headers: {
            'ce-id': id,
            'ce-source': '/bench',
            'ce-type': 'bench.event',
            'ce-specversion': '1.0',
            'content-type': 'application/json',
            'content-length': body.length,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const start = now();
  const end = start + WARMUP_MS + SECONDS * 1000;
  let measureStart = 0;
  let cpuStart;
  const worker = async () => {
    while (now() < end) {
      if (!measuring && now() >= start + WARMUP_MS) {
        measuring = true;
        measureStart = now();
        cpuStart = cpuOf(hop);
      }
      const id = `e${seq++}`;
      const m = measuring;
      if (m) sent.set(id, wallNow());
      const status = await post(id);
      if (!m) continue;
      if (status >= 200 && status < 300) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (now() - measureStart) / 1000;
  const [cpuEnd, cpuBegin] = [await cpuOf(hop), await cpuStart];
  const cpuUs = hop ? { user: cpuEnd.user - cpuBegin.user, system: cpuEnd.system - cpuBegin.system } : undefined;
  agent.destroy();
  return { sent, ok, failed, elapsed, cpuUs };
}

// Events/s and latency percentiles from one load run and the subscriber's arrivals.
function summarize({ sent, ok, failed, elapsed, cpuUs }, arrivals) {
  const latencies = [];
  for (const [id, t0] of sent) {
    const t1 = arrivals.get(id);
    if (t1 !== undefined) latencies.push(t1 - t0);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  return { eventsPerSec: ok / elapsed, ok, failed, arrived: latencies.length, p50: pct(50), p99: pct(99), cpuPerEvent: ok && cpuUs ? (cpuUs.user + cpuUs.system) / ok : NaN, userPerEvent: ok && cpuUs ? cpuUs.user / ok : NaN };
}

async function bundleBroker(dir) {
  const outfile = path.join(dir, 'broker-server.mjs');
  await build({
    entryPoints: [path.join(root, 'bench/broker/broker-server.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return outfile;
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'kn-bench-broker-'));
try {
  const script = await bundleBroker(dir);
  const subscriber = await startChild(path.join(root, 'bench/broker/subscriber.mjs'), []);
  const subscriberUrl = subscriber.url;
  const scenarios = [
    { name: 'direct to subscriber', triggers: 0, matching: 0 },
    { name: 'plain Node proxy hop (ceiling)', proxy: true },
    { name: 'broker, 1 trigger', triggers: 1, matching: 1 },
    { name: 'broker, 10 triggers (1 matches)', triggers: 10, matching: 1 },
    { name: 'broker, 10 triggers (all match)', triggers: 10, matching: 10 },
  ].filter((s) => !ONLY || s.name.includes(ONLY));
  const execArgv = CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(CPU_PROF)] : [];
  const samples = scenarios.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, s] of scenarios.entries()) {
      await dumpArrivals(subscriber.child);
      let broker;
      let url = subscriberUrl;
      if (s.proxy) {
        broker = await startChild(path.join(root, 'bench/broker/plain-proxy.mjs'), [subscriberUrl], execArgv);
        url = broker.url;
      } else if (s.triggers > 0) {
        broker = await startChild(script, [subscriberUrl, String(s.triggers), String(s.matching)], execArgv);
        url = broker.url;
      }
      const loaded = await load(url, broker?.child);
      if (broker) await stopChild(broker.child);
      const r = summarize(loaded, await dumpArrivals(subscriber.child));
      samples[i].push(r);
      console.log(`run ${run + 1} ${s.name}: ${r.eventsPerSec.toFixed(0)} POST/s, arrivals ${r.arrived}, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, failed ${r.failed}, hop CPU ${Number.isNaN(r.cpuPerEvent) ? '-' : `${r.cpuPerEvent.toFixed(0)} µs/event (user ${r.userPerEvent.toFixed(0)})`}`);
    }
  }
  const median = (xs) => {
    const v = [...xs].sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  const results = scenarios.map((s, i) => ({
    ...s,
    eventsPerSec: median(samples[i].map((r) => r.eventsPerSec)),
    p50: median(samples[i].map((r) => r.p50)),
    p99: median(samples[i].map((r) => r.p99)),
    cpuPerEvent: median(samples[i].map((r) => r.cpuPerEvent)),
    failed: samples[i].reduce((n, r) => n + r.failed, 0),
  }));
  await stopChild(subscriber.child);
  // A partial run (--only) has no reference rows: it prints its runs and writes no report.
  if (!ONLY) {
    const direct = results[0];
    const proxy = results[1];
    const one = results[2];
    const ratio = one.eventsPerSec / direct.eventsPerSec;
    const verdict = (met) => (met ? 'met' : '**not met**');
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${r.eventsPerSec.toFixed(0)} | ${(r.eventsPerSec * Math.max(1, r.matching ?? 1)).toFixed(0)} | ${(r.eventsPerSec / direct.eventsPerSec).toFixed(2)}x | ${(r.eventsPerSec / proxy.eventsPerSec).toFixed(2)}x | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${Number.isNaN(r.cpuPerEvent) ? '-' : r.cpuPerEvent.toFixed(0)} | ${r.failed} |`,
    );
    const md = `# Broker data plane benchmark

Generated by \`node bench/broker/broker.mjs --seconds ${SECONDS} --concurrency ${CONCURRENCY} --runs ${RUNS}\` on ${new Date().toISOString().slice(0, 10)}
(${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; machine shared with other work, so
numbers vary between runs).

Setup: a closed loop of ${CONCURRENCY} concurrent keep-alive connections POSTs small binary-mode CloudEvents for
${SECONDS} s after a ${WARMUP_MS / 1000} s warm-up. Load generator, broker (ingress + in-process filter stage,
see \`src/lib/eventing/broker/data-plane.ts\`) and subscriber are three processes; "latency" runs from the
POST to the event's arrival at the subscriber (wall clock, sub-millisecond). The "plain Node proxy hop" row
is a minimal forwarding process (\`bench/broker/plain-proxy.mjs\`, no CloudEvents work): the ceiling for
any broker that adds a process hop on this machine.
The broker answers the producer only after every trigger was served (upstream IMC default);
deliveries/s counts events arriving at the subscriber (POST/s times the matching triggers). Each figure is the median of ${RUNS}
interleaved runs (load average when the run started: ${LOAD_AT_START.toFixed(1)}).

| scenario | POST/s | deliveries/s | vs direct | vs proxy hop | p50 ms (POST → arrival) | p99 ms | hop CPU µs/event | failed |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Goals (issue #7): >= 0.5x direct with 1 trigger: ${ratio.toFixed(2)}x, ${verdict(ratio >= 0.5)};
>= 5000 events/s with 1 trigger: ${one.eventsPerSec.toFixed(0)}/s, ${verdict(one.eventsPerSec >= 5000)}.
The plain proxy hop itself reaches ${(proxy.eventsPerSec / direct.eventsPerSec).toFixed(2)}x direct and ${proxy.eventsPerSec.toFixed(0)}/s in this run.

Reading the table: on an idle 2-core machine a process hop costs roughly half the throughput (the hop
process does a server and a client exchange per event), so "plain Node proxy hop" near 0.5x direct is the
expected ceiling and "vs proxy hop" is the broker's own cost (CloudEvents decoding, filtering, retries
bookkeeping). When the machine is saturated by other work, every extra process is starved and the proxy
row itself falls far below 0.5x; the broker rows are then bounded by it, and only "vs proxy hop" says
something about the broker. "hop CPU µs/event" is the CPU time (user + system) the broker or proxy
process spent per POST during the measuring window; it depends less on the neighbours than events/s,
but still grows when the machine is busy (fewer events per wake-up, colder caches), so compare it
within one run. \`node bench/broker/compare.mjs --base <git rev>\` compares the working tree with an
older revision and the proxy in alternating 1 s windows, the fairest A/B on a shared machine.

Where the broker's time goes (\`node bench/broker/broker.mjs --only '1 trigger' --cpu-prof <dir>\`,
profiled 2026-12-02): about nine tenths of the broker process's busy time is Node's HTTP machinery
and the socket writes it shares with the plain proxy (the request write to the subscriber, the 202 write
to the producer, request and response parsing, the keep-alive agent). The broker's own JavaScript
(decode, filter, encode, dispatch bookkeeping, promises) is now roughly 20 µs per event in the profile;
in isolation, decoding a binary event takes about 2.5 µs and encoding it with the arrival time about 1 µs. Changes made for it:
text-data events are assembled without the CloudEvents SDK constructor's copy-and-delete (same
prototype, properties and order, frozen; binary data still goes through the SDK), request headers go to
\`http.request\` as a flat list (no \`setHeader\` per header), bodies are collected with callbacks and
without \`Buffer.concat\` for single-chunk bodies, one async layer less per received event, no
\`Promise.all\` for a single matching trigger. Before/after with \`compare.mjs\` (1 trigger, same
windows): CPU per POST 175 -> 144 µs and 196 -> 170 µs in two runs at load 5-8 (the proxy: 116 and
127 µs), i.e. the broker went from about 1.5x to about 1.25x the proxy's cost. Request timeouts keep one
\`setTimeout\` per attempt: Node keeps timers of equal duration in one list, so a timer wheel of our
own would save nothing measurable (and the bench's triggers have no timeout). What is left is the price
of a second HTTP exchange in Node: beating the proxy row needs an HTTP client below \`node:http\`
(raw sockets with a minimal response parser, or undici), which is not done.
`;
    await writeFile(OUT, md);
    console.log(`wrote ${path.relative(root, OUT)}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
