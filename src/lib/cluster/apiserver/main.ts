// Runs the API server alone as a process (crash tests, benchmarks, debugging):
//   node apiserver-main.js --data-dir DIR [--port N] [--crd-dir DIR] [--log-level LEVEL]
// Prints one JSON line {"url","port"} on stdout once listening; SIGTERM/SIGINT close it cleanly.
import { parseArgs } from 'node:util';
import { startApiServer } from './index.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    'crd-dir': { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
if (!values['data-dir']) {
  process.stderr.write('Error: --data-dir is required\n');
  process.exit(1);
}
const handle = await startApiServer({
  dataDir: values['data-dir'],
  port: Number(values.port),
  crdDir: values['crd-dir'],
  logLevel: values['log-level'] as 'warn',
});
process.stdout.write(JSON.stringify({ url: handle.url, port: handle.port }) + '\n');
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void handle.close().then(() => process.exit(0)));
