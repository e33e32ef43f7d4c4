// Program entry of the queue-proxy: reads process.env, drains gracefully on SIGTERM, exits 1 with
// "Error: ..." on a bad environment. Meant for an esbuild entry or the components runner.

import { runQueueProxy } from './queue-proxy.js';

/** Runs the queue-proxy as a process until SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  try {
    const handle = await runQueueProxy(process.env);
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      handle.shutdown().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  } catch (e) {
    process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main();
}
