// Runs the API server as a separate process (bundled with esbuild from
// src/lib/cluster/apiserver/main.ts), for tests that must kill it abruptly.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bundles the standalone server entry into a temp dir; returns the script path. */
export async function bundleApiServer(): Promise<string> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'kn-ts-apiserver-bin-'));
  // better-sqlite3 stays external (native addon): resolve it through a node_modules link.
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  const outfile = join(dir, 'apiserver.mjs');
  await build({
    entryPoints: [join(repo, 'src/lib/cluster/apiserver/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __knCreateRequire } from 'node:module'; const require = __knCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

/** A server child process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/** Starts the bundled server on dataDir and resolves once it prints its URL. */
export function startServerProcess(script: string, dataDir: string): Promise<ServerProcess> {
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, [script, '--data-dir', dataDir, '--crd-dir', join(repo, 'config', 'crds'), '--log-level', 'error'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      lines.close();
      resolveStart({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once('exit', (code) => reject(new Error(`API server exited with ${code} before listening`)));
  });
}
