// `npm run bench`: runs every benchmark one after another (never in parallel: each compares ours
// with a baseline in the same run, and two benches at once would disturb each other's numbers).
// `npm run bench -- gateway cli-startup` runs a subset.
import { spawnSync } from 'node:child_process';

const benches = {
  'cli-startup': 'bench/cli-startup/run.mjs',
  apiserver: 'bench/apiserver/run.mjs',
  gateway: 'bench/gateway/run.mjs',
  coldstart: 'bench/coldstart/run.mjs',
  autoscale: 'bench/autoscale/run.mjs',
  broker: 'bench/broker/broker.mjs',
  local: 'bench/local/run.mjs',
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`Error: unknown benchmark(s): ${unknown.join(', ')}. Available: ${Object.keys(benches).join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const [name, script] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n=== bench ${name} (${script})`);
  const res = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed++;
    console.error(`bench ${name} failed (exit ${res.status ?? res.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
