// Durability: SIGKILL the server in the middle of a write loop, restart it on the same data dir,
// and check that every write it acknowledged is still there.
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundleApiServer, startServerProcess, type ServerProcess } from '../helpers/apiserver-process.js';

function post(url: string, ca: string, token: string, agent: Agent, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/v1/namespaces/default/configmaps`,
      { method: 'POST', agent, ca, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function list(url: string, ca: string, token: string): Promise<any> {
  return new Promise((resolve, reject) => {
    request(`${url}/api/v1/namespaces/default/configmaps`, { ca, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(JSON.parse(text)));
    })
      .on('error', reject)
      .end();
  });
}

describe('API server crash safety', () => {
  let dataDir: string;
  let script: string;
  let server: ServerProcess | undefined;
  afterEach(() => {
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dirname(script), { recursive: true, force: true });
  });

  it('keeps every acknowledged write across a SIGKILL', async () => {
    script = await bundleApiServer();
    dataDir = mkdtempSync(join(tmpdir(), 'kn-ts-crash-'));
    server = await startServerProcess(script, dataDir);
    const ca = readFileSync(join(dataDir, 'pki', 'ca.crt'), 'utf8');
    const token = readFileSync(join(dataDir, 'pki', 'token'), 'utf8').trim();
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const acked: string[] = [];
    let next = 0;
    let killed = false;
    // Eight writers; the server is killed once 300 writes are acknowledged, with others in flight.
    const writer = async () => {
      while (!killed) {
        const name = `cm-${next++}`;
        try {
          const code = await post(server!.url, ca, token, agent, JSON.stringify({ metadata: { name }, data: { payload: 'x'.repeat(512) } }));
          if (code === 201) acked.push(name);
        } catch {
          return; // connection reset by the kill
        }
        if (acked.length >= 300 && !killed) {
          killed = true;
          server!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    if (server.child.exitCode === null && server.child.signalCode === null) await once(server.child, 'exit');
    agent.destroy();
    expect(acked.length).toBeGreaterThanOrEqual(300);

    server = await startServerProcess(script, dataDir);
    const stored = new Set(((await list(server.url, ca, token)).items as any[]).map((i) => i.metadata.name));
    const lost = acked.filter((n) => !stored.has(n));
    expect(lost).toEqual([]);
  });
});
