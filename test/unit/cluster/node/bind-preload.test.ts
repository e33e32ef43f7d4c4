import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeOptionsWithPreload, writeBindPreload } from '../../../../src/lib/cluster/node/bind-preload.js';

// Starts node with the preload and reports the address each listen() form ended up on.
function addresses(script: string, env: Record<string, string> = {}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kn-preload-'));
  const preload = writeBindPreload(dir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, POD_IP: '127.0.1.77', NODE_OPTIONS: nodeOptionsWithPreload(undefined, preload), ...env }, stdio: ['ignore', 'pipe', 'inherit'], timeout: 10_000 });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', () => {
      rmSync(dir, { recursive: true, force: true });
      resolve(out.trim().split('\n'));
    });
  });
}

describe('bind preload', () => {
  it('binds host-less and wildcard listen() calls to POD_IP and leaves explicit hosts alone', async () => {
    const script = `
      const net = require('net'), http = require('http');
      const forms = [s => s.listen(0), s => s.listen(0, '0.0.0.0'), s => s.listen({ port: 0 }), s => s.listen(0, () => {}), s => s.listen(0, '127.0.0.1'), s => s.listen()];
      (async () => {
        for (const f of forms) {
          const s = http.createServer();
          await new Promise(r => { s.on('listening', r); f(s); });
          console.log(s.address().address);
          s.close();
        }
      })();`;
    expect(await addresses(script)).toEqual(['127.0.1.77', '127.0.1.77', '127.0.1.77', '127.0.1.77', '127.0.0.1', '127.0.1.77']);
  });

  it('adds the preload and a heap cap to NODE_OPTIONS', () => {
    expect(nodeOptionsWithPreload('--enable-source-maps', '/x/p.cjs', 48)).toBe('--enable-source-maps --require /x/p.cjs --max-old-space-size=48');
    expect(nodeOptionsWithPreload(undefined, '/a b/p.cjs')).toBe('--require "/a b/p.cjs"');
  });

  it('sends in-cluster Service hosts on port 80 to the gateway with their Host header (http, fetch, dns)', async () => {
    // Stands in for the gateway: answers with the Host header and path it got.
    const gateway = http.createServer((req, res) => res.end(`${req.method} ${req.headers.host}${req.url}`));
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const port = (gateway.address() as AddressInfo).port;
    const script = `
      const http = require('http'), dns = require('dns');
      const get = (url) => new Promise((res, rej) => http.get(url, (r) => { let b = ''; r.on('data', (c) => (b += c)); r.on('end', () => res(b)); }).on('error', rej));
      (async () => {
        console.log(await get('http://hello.default.svc.cluster.local/a?x=1'));
        console.log(await get('http://hello.default/b'));
        console.log(await get('http://hello.ns2.svc/c'));
        const r = await fetch('http://broker-ingress.knative-eventing.svc.cluster.local/default/default', { method: 'POST', body: '{}' });
        console.log(await r.text());
        console.log((await dns.promises.lookup('x.y.svc.cluster.local')).address);
        dns.lookup('hello.default', { all: true }, (e, a) => console.log(JSON.stringify(a)));
      })().catch((e) => console.log('error ' + e.message));`;
    try {
      const out = await addresses(script, { KN_GATEWAY_PORT: String(port), KN_CLUSTER_NAMESPACES: 'default,knative-eventing' });
      expect(out).toEqual([
        'GET hello.default.svc.cluster.local/a?x=1',
        'GET hello.default/b',
        'GET hello.ns2.svc/c',
        'POST broker-ingress.knative-eventing.svc.cluster.local/default/default',
        '127.0.0.1',
        '[{"address":"127.0.0.1","family":4}]',
      ]);
    } finally {
      gateway.close();
    }
  });

  it('leaves other hosts, other ports and unlisted namespaces alone', async () => {
    const server = http.createServer((req, res) => res.end(`direct ${req.headers.host}`));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const script = `
      const http = require('http'), net = require('net');
      http.get('http://127.0.0.1:${port}/', (r) => { let b = ''; r.on('data', (c) => (b += c)); r.on('end', () => console.log(b)); });
      // A two-label host whose last label is not a listed namespace is an ordinary name.
      const s = net.connect({ host: 'localhost', port: ${port} }, () => { console.log('localhost ' + s.remotePort); s.destroy(); });`;
    try {
      const out = await addresses(script, { KN_GATEWAY_PORT: '1', KN_CLUSTER_NAMESPACES: 'default' });
      expect(out.sort()).toEqual([`direct 127.0.0.1:${port}`, `localhost ${port}`]);
    } finally {
      server.close();
    }
  });
});
