// What `kn quickstart local` does, apart from flag parsing: start the daemon (or find it running),
// write the kubeconfig context, print next steps; stop; delete.
import { rmSync } from 'node:fs';
import { readState, runningPid, startDaemon, stopDaemon, type ControlPlaneState } from './daemon.js';
import { kubeconfigTarget, mergeContext, removeContext } from './kubeconfig-file.js';
import { contextName, forgetDataDir, rememberDataDir, resolveDataDir } from './paths.js';

/** Options shared by the quickstart local operations. */
export interface QuickstartLocalOptions {
  name: string;
  dataDir?: string;
  gatewayPort: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** --kubeconfig, else KUBECONFIG's first entry, else ~/.kube/config. */
  kubeconfig?: string;
  out: (line: string) => void;
  readyTimeoutMs?: number;
}

function writeContext(opts: QuickstartLocalOptions, state: ControlPlaneState): string {
  const file = kubeconfigTarget(opts.kubeconfig);
  mergeContext(file, { name: contextName(opts.name), server: state.apiUrl, caCertPem: state.caCertPem, token: state.token, namespace: 'default' });
  return file;
}

function nextSteps(opts: QuickstartLocalOptions, state: ControlPlaneState, file: string): void {
  const ctx = contextName(opts.name);
  opts.out(`    Kubeconfig context '${ctx}' written to ${file} and made current`);
  opts.out(`    API server: ${state.apiUrl}    gateway: http://127.0.0.1:${state.gatewayPort}`);
  opts.out('');
  opts.out('🎉 Now have some fun with Serverless and Event Driven Apps!');
  opts.out('');
  opts.out('Try:');
  opts.out('  kn service create hello --image gcr.io/knative-samples/helloworld-go --env TARGET=World');
  opts.out(`  curl -H "Host: hello.default.127.0.0.1.sslip.io" http://127.0.0.1:${state.gatewayPort}`);
  opts.out(`Stop with 'kn quickstart local --stop' (objects are kept), remove with 'kn quickstart local --delete'.`);
}

// An ora spinner on a terminal, plain progress lines otherwise (scripts parse our output).
async function progressReporter(out: (line: string) => void): Promise<{ step(message: string): void; done(): void }> {
  if (!process.stdout.isTTY || process.env.CI) return { step: (m) => out(`    ${m}`), done: () => undefined };
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: process.stdout }).start();
  return {
    step: (m) => {
      spinner.text = m;
    },
    done: () => spinner.stop(),
  };
}

/** Starts the local control plane detached (no-op if it already runs) and writes the kubeconfig context. */
export async function startLocal(opts: QuickstartLocalOptions): Promise<void> {
  const dataDir = resolveDataDir(opts.name, opts.dataDir);
  const started = Date.now();
  opts.out('Running Knative Quickstart using the local control plane');
  const pid = runningPid(dataDir);
  const existing = pid !== undefined ? readState(dataDir) : undefined;
  if (pid !== undefined && existing) {
    opts.out(`    Local control plane '${opts.name}' is already running (pid ${pid}), data in ${dataDir}`);
    nextSteps(opts, existing, writeContext(opts, existing));
    return;
  }
  opts.out(`☸ Starting local control plane '${opts.name}' (data in ${dataDir})...`);
  const progress = await progressReporter(opts.out);
  let state: ControlPlaneState;
  try {
    state = await startDaemon({ name: opts.name, dataDir, gatewayPort: opts.gatewayPort, logLevel: opts.logLevel, readyTimeoutMs: opts.readyTimeoutMs ?? 60_000 }, progress.step);
  } finally {
    progress.done();
  }
  rememberDataDir(opts.name, dataDir);
  const file = writeContext(opts, state);
  opts.out(`🚀 Knative local control plane took: ${((Date.now() - started) / 1000).toFixed(1)}s `);
  nextSteps(opts, state, file);
}

/** Stops the daemon; objects stay on disk. */
export async function stopLocal(opts: QuickstartLocalOptions): Promise<void> {
  const dataDir = resolveDataDir(opts.name, opts.dataDir);
  const stopped = await stopDaemon(dataDir);
  opts.out(stopped ? `Local control plane '${opts.name}' stopped. Objects are kept in ${dataDir}.` : `Local control plane '${opts.name}' is not running.`);
}

/** Stops the daemon, removes its data dir and its kubeconfig context. */
export async function deleteLocal(opts: QuickstartLocalOptions): Promise<void> {
  const dataDir = resolveDataDir(opts.name, opts.dataDir);
  await stopDaemon(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  forgetDataDir(opts.name);
  const removed = removeContext(kubeconfigTarget(opts.kubeconfig), contextName(opts.name));
  opts.out(`Local control plane '${opts.name}' deleted${removed ? `, kubeconfig context '${contextName(opts.name)}' removed` : ''}.`);
}

/** Runs the control plane in this process until SIGINT/SIGTERM. */
export async function runForeground(opts: QuickstartLocalOptions): Promise<void> {
  const dataDir = resolveDataDir(opts.name, opts.dataDir);
  const { startControlPlane } = await import('./main.js');
  const running = await startControlPlane({ name: opts.name, dataDir, gatewayPort: opts.gatewayPort, logLevel: opts.logLevel }, (m) => opts.out(`    ${m}`));
  nextSteps(opts, running.state, writeContext(opts, running.state));
  await new Promise<void>((resolve) => {
    const stop = () => void running.stop().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
