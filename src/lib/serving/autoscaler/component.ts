// Starts the autoscaling side of Serving in one process: the KPA loop against the Kubernetes API,
// the activator on a loopback port with its endpoints fed from pods, and the activator's load
// reported to the autoscaler. The gateway gets `gatewayHook` as its onNoEndpoints.
import type { KubeClient } from '../../controller/client.js';
import { type Clock, realClock } from '../../controller/clock.js';
import type { InformerFactory } from '../../controller/informer-factory.js';
import { Activator } from '../activator/activator.js';
import { feedActivatorEndpoints, kubeRevisionLookup } from '../activator/kube.js';
import { type ActivatorServer, startActivatorServer } from '../activator/server.js';
import { startStatReporter } from '../activator/stats.js';
import { kubeAutoscalerDeps } from './kube-deps.js';
import { type AutoscalerHandle, startAutoscaler } from './loop.js';

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
