// Gateway benchmark on loopback: requests/s and p99 latency through our gateway, direct to a
// trivial node app, and through Debian nginx (proxy_pass with an upstream keepalive pool) when
// /usr/sbin/nginx exists. Each server runs in its own process; autocannon drives the load.
// Writes docs/benchmarks-gateway.md. Settings: BENCH_SECONDS (10), BENCH_CONNECTIONS (50),
// NGINX_WORKERS (1: one process, like the gateway).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const nginxWorkers = process.env.NGINX_WORKERS ?? '1';
const NGINX = '/usr/sbin/nginx';
const HOST = 'hello.default.example.com';

const children = [];
const tmp = await mkdtemp(path.join(os.tmpdir(), 'kn-gw-bench-'));

/** Spawns a process (argument array, no shell) and resolves with the first line it prints (its port). */
function startProcess(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(Number(out.slice(0, nl)));
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
}

function freePort() {
  return new Promise((resolve) => {
    import('node:net').then(({ default: net }) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
  });
}

async function startNginx(backendPort) {
  const port = await freePort();
  const conf = `
worker_processes ${nginxWorkers};
daemon off;
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
      if (r.ok) return port;
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

async function measure(name, port) {
  await load(port, 2); // warm-up (JIT, connection pools)
  const r = await load(port, seconds);
  const row = { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
  console.log(`${name.padEnd(8)} ${row.rps.toFixed(0).padStart(8)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${row.errors}`);
  return row;
}

try {
  const bundle = path.join(tmp, 'gateway.mjs');
  await writeFile(path.join(tmp, 'entry.ts'), `export { createGateway } from '${root}/src/lib/networking/gateway.ts';\nexport { translate } from '${root}/src/lib/networking/translate.ts';\n`);
  await build({ entryPoints: [path.join(tmp, 'entry.ts')], outfile: bundle, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });

  const backendPort = await startProcess(process.execPath, [path.join(here, 'backend.mjs')]);
  const gatewayPort = await startProcess(process.execPath, [path.join(here, 'gateway-proc.mjs'), bundle, String(backendPort)]);
  console.log(`loopback, ${connections} connections, ${seconds}s per run, ${os.cpus().length} CPUs`);

  const rows = [await measure('direct', backendPort), await measure('gateway', gatewayPort)];
  let nginx;
  if (existsSync(NGINX)) {
    nginx = await measure('nginx', await startNginx(backendPort));
    rows.push(nginx);
  } else {
    console.log(`nginx: skipped (${NGINX} not found; apt-get install -y nginx to compare)`);
  }

  const [direct, gw] = rows;
  const addedP99 = gw.p99 - direct.p99;
  const vsNginx = nginx ? gw.rps / nginx.rps : undefined;
  const lines = [
    '# Gateway benchmark',
    '',
    `Generated by \`node bench/gateway/run.mjs\` on ${new Date().toISOString().slice(0, 10)}: loopback, autocannon with ${connections}`,
    `connections, ${seconds} s per run after a 2 s warm-up, ${os.cpus().length} CPUs shared by the load generator, the proxy and the app.`,
    'The app is a trivial node http server ("hello world"); each server runs in its own process.',
    `nginx: Debian package, ${nginxWorkers} worker process(es) (the gateway is one process), proxy_pass to an upstream keepalive pool,`,
    'access log off, setting the same request headers the gateway adds.',
    `Load average when the run ended: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (other work on the machine skews results).`,
    '',
    '| target | requests/s | p50 ms | p99 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.errors} |`),
    '',
    `- gateway / direct throughput: ${(gw.rps / direct.rps).toFixed(2)}x`,
    `- added p99 over direct: ${addedP99.toFixed(2)} ms (goal <= 1 ms): ${addedP99 <= 1 ? 'met' : 'not met'}`,
    vsNginx === undefined
      ? '- nginx: not installed, comparison skipped'
      : `- gateway / nginx throughput: ${vsNginx.toFixed(2)}x (goal >= 0.8x): ${vsNginx >= 0.8 ? 'met' : 'not met'}`,
    '',
  ];
  await writeFile(path.join(root, 'docs/benchmarks-gateway.md'), lines.join('\n'));
  console.log(lines.slice(-4).join('\n'));
} finally {
  for (const c of children) c.kill('SIGTERM');
  await rm(tmp, { recursive: true, force: true });
}
