// Starts the autoscaling side of Serving. startAutoscaling runs everything in one process (local
// control plane): the KPA loop against the Kubernetes API, the activator on a loopback port with
// its endpoints fed from pods, and the activator's load handed to the autoscaler directly; the
// gateway gets `gatewayHook` as its onNoEndpoints. startAutoscalerComponent and
// startActivatorComponent run the two halves as separate processes (kind), stats going over HTTP.
import type { KubeClient } from '../../controller/client.js';
import { type Clock, realClock } from '../../controller/clock.js';
import type { InformerFactory } from '../../controller/informer-factory.js';
import { Activator } from '../activator/activator.js';
import { feedActivatorEndpoints, kubeRevisionLookup } from '../activator/kube.js';
import { ACTIVATOR_PORT, type ActivatorServer, startActivatorServer } from '../activator/server.js';
import { httpStatSink } from '../activator/stat-client.js';
import { startStatReporter } from '../activator/stats.js';
import { kubeAutoscalerDeps } from './kube-deps.js';
import { decideOnPodReadiness } from './pod-readiness.js';
import { type AutoscalerHandle, startAutoscaler } from './loop.js';
import { STAT_PORT, type StatServer, startStatServer } from './stat-server.js';

/** Settings of the autoscaling component. */
export interface AutoscalingOptions {
  client: KubeClient;
  /** Shared informers; this function registers its informers and starts the factory. */
  informers: InformerFactory;
  clock?: Clock;
  /** Loopback address and port of the activator (default 127.0.0.1, any free port). */
  activatorHost?: string;
  activatorPort?: number;
  tickMs?: number;
  scrapeMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** The running component. */
export interface Autoscaling {
  autoscaler: AutoscalerHandle;
  activator: Activator;
  activatorServer: ActivatorServer;
  /** For the gateway's onNoEndpoints option. */
  gatewayHook: ReturnType<Activator['gatewayHook']>;
  stop(): Promise<void>;
}

/** Starts autoscaler, activator and the stat flow between them. */
export async function startAutoscaling(opts: AutoscalingOptions): Promise<Autoscaling> {
  const clock = opts.clock ?? realClock;
  const deps = kubeAutoscalerDeps({ client: opts.client, informers: opts.informers, log: opts.log });
  let autoscaler: AutoscalerHandle | undefined;
  const activator = new Activator({
    lookupRevision: kubeRevisionLookup(opts.informers),
    onDemand: (ns, rev, stat) => autoscaler?.recordStat(ns, rev, stat),
    clock,
  });
  feedActivatorEndpoints(activator, opts.informers);
  await opts.informers.start();
  autoscaler = startAutoscaler(deps, clock, opts.tickMs, opts.scrapeMs);
  decideOnPodReadiness(opts.informers, autoscaler);
  const stopReporter = startStatReporter(activator.tracker, (ns, rev, stat) => autoscaler?.recordStat(ns, rev, stat), clock);
  const activatorServer = await startActivatorServer(activator, { host: opts.activatorHost, port: opts.activatorPort });
  return {
    autoscaler,
    activator,
    activatorServer,
    gatewayHook: activator.gatewayHook(`${opts.activatorHost ?? '127.0.0.1'}:${activatorServer.port}`),
    async stop() {
      stopReporter();
      autoscaler?.stop();
      await activatorServer.close();
    },
  };
}

/** Settings of the autoscaler process. */
export interface AutoscalerComponentOptions {
  client: KubeClient;
  informers: InformerFactory;
  clock?: Clock;
  /** Address and port activators post stats to (default 127.0.0.1:8080). */
  statHost?: string;
  statPort?: number;
  tickMs?: number;
  scrapeMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/** The autoscaler alone: the KPA loop plus the stat server activators report to. */
export async function startAutoscalerComponent(opts: AutoscalerComponentOptions): Promise<{ autoscaler: AutoscalerHandle; statServer: StatServer; stop(): Promise<void> }> {
  const clock = opts.clock ?? realClock;
  const deps = kubeAutoscalerDeps({ client: opts.client, informers: opts.informers, log: opts.log });
  await opts.informers.start();
  const autoscaler = startAutoscaler(deps, clock, opts.tickMs, opts.scrapeMs);
  decideOnPodReadiness(opts.informers, autoscaler);
  const statServer = await startStatServer((ns, rev, stat) => autoscaler.recordStat(ns, rev, stat), {
    host: opts.statHost,
    port: opts.statPort ?? STAT_PORT,
    now: () => clock.now(),
  });
  return {
    autoscaler,
    statServer,
    async stop() {
      autoscaler.stop();
      await statServer.close();
    },
  };
}

/** Settings of the activator process. */
export interface ActivatorComponentOptions {
  informers: InformerFactory;
  /** host:port of the autoscaler's stat server. */
  autoscalerStatAddress: string;
  clock?: Clock;
  /** Listen address and port (default 127.0.0.1:8012). */
  host?: string;
  port?: number;
  log?: (message: string, error?: unknown) => void;
}

/** The activator alone: serves held requests and posts its load to the autoscaler every second. */
export async function startActivatorComponent(opts: ActivatorComponentOptions): Promise<{ activator: Activator; server: ActivatorServer; stop(): Promise<void> }> {
  const clock = opts.clock ?? realClock;
  const sink = httpStatSink(opts.autoscalerStatAddress, (e) => opts.log?.('sending stats to the autoscaler failed', e));
  const activator = new Activator({ lookupRevision: kubeRevisionLookup(opts.informers), onDemand: sink, clock });
  feedActivatorEndpoints(activator, opts.informers);
  await opts.informers.start();
  const stopReporter = startStatReporter(activator.tracker, sink, clock);
  const server = await startActivatorServer(activator, { host: opts.host, port: opts.port ?? ACTIVATOR_PORT });
  return {
    activator,
    server,
    async stop() {
      stopReporter();
      await server.close();
    },
  };
}
