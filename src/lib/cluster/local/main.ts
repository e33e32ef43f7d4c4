// The local control plane daemon (dist/control-plane.js): API server, built-in controllers, node
// agent and the Knative components, in one process on 127.0.0.1. `kn quickstart local` spawns it
// detached and waits for its IPC "ready"; `--foreground` runs it attached.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startApiServer, kubeconfigFor, type ApiServerHandle } from '../apiserver/index.js';
import { startBuiltinControllers } from '../controllers/index.js';
import { startNodeAgent } from '../node/index.js';
import { createKubeClient } from '../../controller/http-client.js';
import { InformerFactory } from '../../controller/informer-factory.js';
import { startServing } from '../../serving/start.js';
import { startAutoscaling } from '../../serving/autoscaler/component.js';
import { startNetworking } from '../../networking/start.js';
import { startEventing } from '../../eventing/start.js';
import type { Clock as EventingClock } from '../../eventing/clock.js';
import type { Logger } from '../../controller/controller.js';
import { kubeTimestamp } from '../../controller/clock.js';
import { bootstrapLocalCluster } from './bootstrap.js';
import { registerLocalImages } from './images.js';
import { isAlive, type ControlPlaneState, type DaemonMessage } from './daemon.js';
import { contextName, localFiles } from './paths.js';
import { ComponentLogs, routeByPrefix, teeLogger, type LineWriter } from './component-logs.js';
import { startMirrorPods } from './mirror-pods.js';
import { MIRROR_COMPONENTS } from './mirror-components.js';

/** Settings of one control plane run. */
export interface ControlPlaneOptions {
  name: string;
  dataDir: string;
  gatewayPort: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** Test hook: the clock PingSource schedules run on (real time by default). */
  pingClock?: EventingClock;
}

/** A running control plane. */
export interface RunningControlPlane {
  state: ControlPlaneState;
  kubeConfig: KubeConfig;
  api: ApiServerHandle;
  stop(): Promise<void>;
}

const levelRank = { error: 0, warn: 1, info: 2, debug: 3 } as const;

// Prints a line of control-plane.log (stdout of the daemon) if its level is on; returns the line.
function makeLineWriter(level: ControlPlaneOptions['logLevel']): LineWriter {
  return (l, msg) => {
    if (levelRank[l] > levelRank[level]) return undefined;
    const line = `${new Date().toISOString()} ${l.toUpperCase()} ${msg}\n`;
    process.stdout.write(line);
    return line;
  };
}

function makeLogger(write: LineWriter): Logger {
  return { info: (msg) => void write('info', msg), error: (msg) => void write('error', msg), debug: (msg) => void write('debug', msg) };
}

// The node our agent registers; the mirror pods are bound to it.
const NODE_NAME = 'knative-local';
// How long a start waits for the mirror pods before going on without them.
const MIRROR_PODS_WAIT_MS = 10_000;

// The API port is kept across restarts so kubeconfigs written earlier stay valid.
function storedApiPort(dataDir: string): number {
  const file = join(dataDir, 'api-port');
  if (!existsSync(file)) return 0;
  const port = Number.parseInt(readFileSync(file, 'utf8'), 10);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 0;
}

// Exclusive create: of two daemons racing on one data dir, exactly one wins.
function claimPidFile(file: string): void {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) throw new Error(`a control plane is already running on this data dir (pid ${pid})`);
    rmSync(file, { force: true });
    claimPidFile(file);
  }
}

/** Starts every part of the control plane; `progress` receives kn-style progress lines. */
export async function startControlPlane(opts: ControlPlaneOptions, progress: (message: string) => void = () => undefined): Promise<RunningControlPlane> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const files = localFiles(opts.dataDir);
  claimPidFile(files.pid);
  const startedAt = kubeTimestamp(Date.now());
  const write = makeLineWriter(opts.logLevel);
  const log = makeLogger(write);
  // Each Knative component also logs to its mirror pod's container log (kubectl logs).
  const componentLogs = new ComponentLogs(join(opts.dataDir, 'apiserver'));
  const componentLog = (name: string, route?: (msg: string) => string | undefined) => teeLogger(write, componentLogs, name, route);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log.error(`stop: ${(e as Error).message}`);
      }
    }
    rmSync(files.state, { force: true });
    rmSync(files.pid, { force: true });
  };
  try {
    progress('Starting API server...');
    const api = await startApiServer({ dataDir: join(opts.dataDir, 'apiserver'), port: storedApiPort(opts.dataDir), logLevel: opts.logLevel });
    stops.push(() => api.close());
    stops.push(() => componentLogs.close());
    writeFileSync(join(opts.dataDir, 'api-port'), String(api.port), { mode: 0o600 });

    const kubeconfig = kubeconfigFor(api, contextName(opts.name));
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(JSON.stringify(kubeconfig));
    // In-cluster clients in pods (and the components) read this file.
    const kubeconfigPath = join(opts.dataDir, 'kubeconfig');
    writeFileSync(kubeconfigPath, JSON.stringify(kubeconfig), { mode: 0o600 });
    const client = createKubeClient(kubeConfig);
    await bootstrapLocalCluster(client, opts.gatewayPort);

    progress('Starting controllers...');
    const controllers = await startBuiltinControllers(kubeConfig, { logger: log });
    stops.push(() => controllers.stop());

    registerLocalImages();
    const agent = await startNodeAgent(kubeConfig, {
      dataDir: join(opts.dataDir, 'node'),
      // Container logs go where the API server serves pods/log from (kubectl logs, kn).
      logDataDir: join(opts.dataDir, 'apiserver'),
      nodeName: NODE_NAME,
      logger: log, podEnv: { KUBECONFIG: kubeconfigPath }, gatewayPort: opts.gatewayPort });
    stops.push(() => agent.stop());

    // One informer cache for every Knative component of this process.
    progress('Starting Knative Serving...');
    const informers = new InformerFactory(client, { onError: (e) => log.error(`informer: ${(e as Error).message ?? e}`) });
    stops.push(async () => informers.stop());
    // Admission goes in with the controllers, before any Serving object can be written through it.
    const serving = await startServing({ client, informers, logger: componentLog('controller'), admission: api.admission });
    stops.push(() => serving.stop());
    const autoscalerLog = componentLog('autoscaler');
    const autoscaling = await startAutoscaling({
      client,
      informers,
      // The loop reports decisions without an error and failures with one.
      log: (message, error) => (error ? autoscalerLog.error(`autoscaler: ${message}: ${(error as Error).message ?? error}`) : autoscalerLog.info(`autoscaler: ${message}`)),
    });
    stops.push(() => autoscaling.stop());
    const networking = await startNetworking({ client, informers, logger: componentLog('net-kourier-controller'), gatewayPort: opts.gatewayPort, onNoEndpoints: autoscaling.gatewayHook });
    stops.push(() => networking.stop());

    progress('Starting Knative Eventing...');
    // In-cluster URLs (ksvc addresses, broker-ingress, channels) resolve through the gateway.
    const eventing = await startEventing({
      client,
      informers,
      // One logger for every eventing part; controller names say whose line it is.
      logger: componentLog('eventing-controller', routeByPrefix({ broker: 'mt-broker-controller', trigger: 'mt-broker-controller', inmemorychannel: 'imc-controller' })),
      admission: api.admission,
      gatewayPort: networking.port,
      ...(opts.pingClock ? { pingClock: opts.pingClock } : {}),
    });
    stops.push(() => eventing.stop());

    // Every component starts its log with where it runs (most log nothing until there is work).
    const started = new Date().toISOString();
    const where: Record<string, string> = {
      activator: `, listening on 127.0.0.1:${autoscaling.activatorServer.port}`,
      '3scale-kourier-gateway': `, listening on 127.0.0.1:${networking.port}`,
    };
    for (const c of MIRROR_COMPONENTS) {
      componentLogs.write(c.name, `${started} INFO ${c.name}: running in the kn-ts control plane (pid ${process.pid})${where[c.name] ?? ''}; every component's lines: ${files.log}\n`);
    }
    const mirror = await startMirrorPods({
      client,
      informers,
      logs: componentLogs,
      logDataDir: join(opts.dataDir, 'apiserver'),
      nodeName: NODE_NAME,
      runId: randomUUID(),
      startedAt,
      logger: log,
    });
    stops.push(() => mirror.stop());
    let waitTimer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (waitTimer = setTimeout(() => resolve(true), MIRROR_PODS_WAIT_MS)));
    if (await Promise.race([mirror.ready.then(() => false), timedOut])) log.error('mirror pods: not all written yet; kubectl get pods may miss some components for a while');
    clearTimeout(waitTimer);

    const state: ControlPlaneState = {
      pid: process.pid,
      name: opts.name,
      apiUrl: api.url,
      caCertPem: api.caCertPem,
      token: api.token,
      gatewayPort: opts.gatewayPort,
      dataDir: opts.dataDir,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(files.state, JSON.stringify(state, null, 2), { mode: 0o600 });
    log.info(`control plane ready: API ${api.url}, gateway 127.0.0.1:${opts.gatewayPort}`);
    return { state, kubeConfig, api, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function parseArgs(argv: string[]): ControlPlaneOptions {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dataDir = get('--data-dir');
  if (!dataDir) throw new Error('--data-dir is required');
  const gatewayPort = Number(get('--gateway-port') ?? 31080);
  if (!Number.isInteger(gatewayPort) || gatewayPort < 1 || gatewayPort > 65535) throw new Error(`invalid --gateway-port: ${get('--gateway-port')}`);
  const logLevel = (get('--log-level') ?? 'info') as ControlPlaneOptions['logLevel'];
  if (!(logLevel in levelRank)) throw new Error(`invalid --log-level: ${logLevel} (one of error, warn, info, debug)`);
  return { name: get('--name') ?? 'knative', dataDir, gatewayPort, logLevel };
}

async function main(): Promise<void> {
  const send = (msg: DaemonMessage) => process.send?.(msg);
  let running: RunningControlPlane | undefined;
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await running?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  try {
    running = await startControlPlane(parseArgs(process.argv.slice(2)), (message) => send({ type: 'progress', message }));
    send({ type: 'ready', state: running.state });
    // Detach from the parent's IPC channel so it can exit; the daemon lives on.
    if (process.connected) process.disconnect();
  } catch (e) {
    const message = (e as Error).message;
    process.stderr.write(`Error: ${message}\n`);
    send({ type: 'failed', message });
    process.exit(1);
  }
}

// Only when run as the daemon's entry point (not when imported by the CLI for --foreground or tests).
if (process.argv[1]?.endsWith('control-plane.js')) void main();
