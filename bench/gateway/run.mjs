// Gateway benchmark on loopback: requests/s and p99 latency through our gateway, direct to a
// trivial node app, and through Debian nginx (proxy_pass with an upstream keepalive pool) when
// /usr/sbin/nginx exists. Each server runs in its own process; autocannon drives the load.
// Targets are measured in interleaved rounds and the median round is reported, because the
// machine is shared and a single run is noisy. Writes docs/benchmarks-gateway.md.
// Settings: BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50), NGINX_WORKERS (1: one
// process, like the gateway).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { freePort } from '../lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const nginxWorkers = process.env.NGINX_WORKERS ?? '1';
const NGINX = '/usr/sbin/nginx';
const HOST = 'hello.default.example.com';

const children = [];
const tmp = await mkdtemp(path.join(os.tmpdir(), 'kn-gw-bench-'));

/** Spawns a process (argument array, no shell) and resolves with its pid and the port it prints first. */
function startProcess(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve({ port: Number(out.slice(0, nl)), pid: child.pid });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
}


async function startNginx(backendPort) {
  const port = await freePort();
  const conf = `
worker_processes ${nginxWorkers};
daemon off;
${nginxWorkers === '1' ? 'master_process off; # one process: its CPU time is measurable like the gateway\'s' : ''}
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${tmp}/body;
  proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi;
  uwsgi_temp_path ${tmp}/uwsgi;
  scgi_temp_path ${tmp}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 256; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Knative-Serving-Revision hello-00001;
      proxy_set_header Knative-Serving-Namespace default;
    }
  }
}`;
  await writeFile(path.join(tmp, 'nginx.conf'), conf);
  const child = spawn(NGINX, ['-c', path.join(tmp, 'nginx.conf'), '-e', path.join(tmp, 'error.log')], { stdio: 'inherit' });
  children.push(child);
  // nginx prints nothing when ready: wait until the port answers.
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/`, { headers: { host: HOST } });
      await r.text();
      if (r.ok) return { port, pid: nginxWorkers === '1' ? child.pid : undefined };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('nginx did not start');
}

function load(port, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}/`, headers: { host: HOST }, connections, duration }, (err, res) => {
      if (err) reject(err);
      else resolve(res);
    });
  });
}

/** CPU time (user + system) of a process in microseconds, from /proc; undefined where unavailable. */
function cpuMicros(pid) {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of the full line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

async function measure(name, { port, pid }) {
  const before = cpuMicros(pid);
  const r = await load(port, seconds);
  const after = cpuMicros(pid);
  const cpu = before === undefined || after === undefined ? undefined : (after - before) / r.requests.total;
  const row = { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpu, errors: r.errors + r.non2xx };
  console.log(
    `${name.padEnd(8)} ${row.rps.toFixed(0).padStart(8)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  ` +
      `cpu ${cpu === undefined ? 'n/a' : cpu.toFixed(0)} us/req  errors ${row.errors}`,
  );
  return row;
}

/** The median of each field over the rounds (errors summed). */
function median(name, runs) {
  const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    name,
    rps: mid(runs.map((r) => r.rps)),
    p50: mid(runs.map((r) => r.p50)),
    p99: mid(runs.map((r) => r.p99)),
    cpu: runs[0].cpu === undefined ? undefined : mid(runs.map((r) => r.cpu)),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

try {
  const bundle = path.join(tmp, 'gateway.mjs');
  await writeFile(path.join(tmp, 'entry.ts'), `export { createGateway } from '${root}/src/lib/networking/gateway.ts';\nexport { translate } from '${root}/src/lib/networking/translate.ts';\n`);
  await build({ entryPoints: [path.join(tmp, 'entry.ts')], outfile: bundle, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });

  const backend = await startProcess(process.execPath, [path.join(here, 'backend.mjs')]);
  const gateway = await startProcess(process.execPath, [path.join(here, 'gateway-proc.mjs'), bundle, String(backend.port)]);
  console.log(`loopback, ${connections} connections, ${seconds}s per run, ${os.cpus().length} CPUs`);

  const targets = [
    ['direct', backend],
    ['gateway', gateway],
  ];
  if (existsSync(NGINX)) targets.push(['nginx', await startNginx(backend.port)]);
  else console.log(`nginx: skipped (${NGINX} not found; apt-get install -y nginx to compare)`);
  for (const [, t] of targets) await load(t.port, 2); // warm-up (JIT, connection pools)
  const runs = new Map(targets.map(([name]) => [name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, t] of targets) runs.get(name).push(await measure(name, t));
  }
  const rows = targets.map(([name]) => median(name, runs.get(name)));
  const nginx = rows.find((r) => r.name === 'nginx');

  const [direct, gw] = rows;
  const addedP99 = gw.p99 - direct.p99;
  const vsNginx = nginx ? gw.rps / nginx.rps : undefined;
  const lines = [
    '# Gateway benchmark',
    '',
    `Generated by \`node bench/gateway/run.mjs\` on ${new Date().toISOString().slice(0, 10)}: loopback, autocannon with ${connections}`,
    `connections, ${rounds} interleaved rounds of ${seconds} s after a 2 s warm-up (median round shown), ${os.cpus().length} CPUs`,
    'shared by the load generator, the proxy and the app.',
    'The app is a trivial node http server ("hello world"); each server runs in its own process.',
    `nginx: Debian package, ${nginxWorkers} worker process(es) (the gateway is one process), proxy_pass to an upstream keepalive pool,`,
    'access log off, setting the same request headers the gateway adds.',
    `Load average when the run ended: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work on the machine skews results).`,
    '',
    '| target | requests/s | p50 ms | p99 ms | CPU µs/request (proxy; app for direct) | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.cpu === undefined ? '-' : r.cpu.toFixed(0)} | ${r.errors} |`),
    '',
    `- gateway / direct throughput: ${(gw.rps / direct.rps).toFixed(2)}x`,
    `- added p99 over direct: ${addedP99.toFixed(2)} ms (goal <= 1 ms): ${addedP99 <= 1 ? 'met' : 'not met'}`,
    vsNginx === undefined
      ? '- nginx: not installed, comparison skipped'
      : `- gateway / nginx throughput: ${vsNginx.toFixed(2)}x (goal >= 0.8x): ${vsNginx >= 0.8 ? 'met' : 'not met'}`,
    nginx?.cpu !== undefined && gw.cpu !== undefined
      ? `- CPU per proxied request: gateway ${gw.cpu.toFixed(0)} µs, nginx ${nginx.cpu.toFixed(0)} µs (${(gw.cpu / nginx.cpu).toFixed(1)}x); CPU time barely depends on the machine's load, requests/s and latency very much do`
      : '',
    '',
  ];
  await writeFile(path.join(root, 'docs/benchmarks-gateway.md'), lines.join('\n'));
  console.log(lines.slice(-4).join('\n'));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await rm(tmp, { recursive: true, force: true });
}
