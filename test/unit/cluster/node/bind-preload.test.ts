import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeOptionsWithPreload, writeBindPreload } from '../../../../src/lib/cluster/node/bind-preload.js';

// Starts node with the preload and reports the address each listen() form ended up on.
function addresses(script: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kn-preload-'));
  const preload = writeBindPreload(dir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, POD_IP: '127.0.1.77', NODE_OPTIONS: nodeOptionsWithPreload(undefined, preload) }, stdio: ['ignore', 'pipe', 'inherit'], timeout: 10_000 });
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
});
