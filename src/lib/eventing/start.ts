// Runs Knative Eventing in one process: the data plane (broker ingress with its in-process filter
// stage, the InMemoryChannel dispatcher, the PingSource adapter), the admission hook (local mode)
// and the six reconcilers that program them from the API:
//
//   Broker ──► trigger channel (IMC) + broker table      Trigger ──► Subscription + trigger table
//   Channel ──► backing IMC                              InMemoryChannel ──► channel Service + dispatcher table
//   Subscription ──► channel spec.subscribers[]          PingSource ──► ping adapter
//
// Shared informers as in startServing/startNetworking: this registers its own on the caller's
// factory and calls start(); stop() stops our controllers and servers, never the informers.
import type { KubeClient } from '../controller/client.js';
import { realClock, type Clock } from '../controller/clock.js';
import { Controller, silentLogger, type Logger, type ReconcileFn } from '../controller/controller.js';
import type { InformerFactory } from '../controller/informer-factory.js';
import type { Informer } from '../controller/informer.js';
import type { ConfigMap, Service } from '../controller/kinds.js';
import type { KubeObject } from '../controller/objects.js';
import { Resources, type ResourceRef } from '../controller/resources.js';
import { ServingResources } from '../serving/resources.js';
import type { AdmissionRegistry } from '../serving/webhook/admission-hook.js';
import { registerEventingAdmission } from './admission.js';
import type { BrokerDataPlane } from './broker/data-plane.js';
import type { ChannelDispatcher } from './channel/dispatcher.js';
import type { Clock as DataPlaneClock } from './clock.js';
import { startBrokerDataPlane, startChannelDispatcher } from './components.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { createHttpSender, type Sender } from './delivery/sender.js';
import { publishEndpoints } from './endpoints.js';
import { localClusterRoute, type LocalRoutingTargets } from './local-routing.js';
import { PingAdapter } from './ping/adapter.js';
import { makeBrokerReconciler } from './reconcilers/broker.js';
import { makeChannelReconciler } from './reconcilers/channel.js';
import { IMC_DISPATCHER_SERVICE, makeInMemoryChannelReconciler } from './reconcilers/inmemorychannel.js';
import { makePingSourceReconciler } from './reconcilers/pingsource.js';
import { ObjectSource, objectRefKey, ReferenceTracker } from './reconcilers/references.js';
import { makeSubscriptionReconciler } from './reconcilers/subscription.js';
import { makeTriggerReconciler } from './reconcilers/trigger.js';
import { parseBrokerDefaults, parseDeliveryFeatures, parsePingDataMaxSize } from './resources/config.js';
import { EventingResources as R } from './resources/kinds.js';
import { SYSTEM_NAMESPACE } from './resources/names.js';
import type { Broker, Channel, InMemoryChannel, PingSource, Subscription, Trigger } from './types.js';

/** Name of the broker ingress Service in knative-eventing. */
export const BROKER_INGRESS_SERVICE = 'broker-ingress';

/** Dependencies and settings of {@link startEventing}. */
export interface EventingContext {
  client: KubeClient;
  /** Shared informers; see the contract at the top of this file. */
  informers: InformerFactory;
  /** Controller clock (condition transition times, work-queue delays). */
  clock?: Clock;
  logger?: Logger;
  /** The API server's admission chain (local mode only). */
  admission?: AdmissionRegistry;
  /** Loopback address the data plane binds (default 127.0.0.1). */
  host?: string;
  /** Broker ingress port (0 = a free one, the default). */
  ingressPort?: number;
  /** InMemoryChannel dispatcher port (0 = a free one, the default). */
  dispatcherPort?: number;
  /**
   * Local mode: the gateway's port. In-cluster URLs (*.svc.cluster.local) are then sent to
   * loopback (see local-routing.ts), and the broker-ingress / imc-dispatcher Services get
   * Endpoints pointing at our ports so the gateway routes their hosts here.
   */
  gatewayPort?: number;
  /** Replaces the HTTP transport of every delivery (tests). */
  sender?: Sender;
  /** Clock of delivery retries and timeouts (default: real time). */
  dataPlaneClock?: DataPlaneClock;
  /** Clock of PingSource schedules (default: real time; tests pass a faster one). */
  pingClock?: DataPlaneClock;
}

/** The running eventing component. */
export interface Eventing {
  brokerPlane: BrokerDataPlane;
  channelDispatcher: ChannelDispatcher;
  pingAdapter: PingAdapter;
  /** Port of the broker ingress (POST /<namespace>/<broker>). */
  ingressPort: number;
  /** Port of the InMemoryChannel dispatcher. */
  dispatcherPort: number;
  /** Every controller started here, for tests that wait for quiet (whenIdle). */
  controllers: Controller[];
  stop(): Promise<void>;
}

/** Starts the eventing data plane and controllers; resolves once they run. */
export async function startEventing(ctx: EventingContext): Promise<Eventing> {
  const clock = ctx.clock ?? realClock;
  const logger = ctx.logger ?? silentLogger;
  const host = ctx.host ?? '127.0.0.1';
  const onError = (message: string) => logger.error(`eventing: ${message}`);
  const inf = ctx.informers;

  const configMaps = inf.for<ConfigMap>(Resources.configMaps);
  const systemConfig = (name: string) => configMaps.get(SYSTEM_NAMESPACE, name)?.data;
  const unregisterAdmission = ctx.admission
    ? registerEventingAdmission(ctx.admission, {
        brokerDefaults: () => parseBrokerDefaults(systemConfig('config-br-defaults')),
        defaultChannelData: () => systemConfig('default-ch-webhook'),
        features: () => parseDeliveryFeatures(systemConfig('config-features')),
        pingDataMaxSize: () => parsePingDataMaxSize(systemConfig('config-ping-defaults')),
      })
    : () => undefined;

  // Data plane. The route table is filled once the servers have their ports.
  const targets: LocalRoutingTargets = { gateway: { hostname: '127.0.0.1', port: ctx.gatewayPort ?? 0 } };
  const route = ctx.gatewayPort !== undefined ? localClusterRoute(targets) : undefined;
  const sender = ctx.sender ?? createHttpSender(route ? { route } : {});
  const dispatcher = new Dispatcher({ clock: ctx.dataPlaneClock, sender });
  const servers: { close(): Promise<void> }[] = [];
  const closeServers = () => Promise.all(servers.map((s) => s.close()));
  let broker: Awaited<ReturnType<typeof startBrokerDataPlane>>;
  let channels: Awaited<ReturnType<typeof startChannelDispatcher>>;
  try {
    broker = await startBrokerDataPlane({ host, port: ctx.ingressPort ?? 0, dispatcher, onError });
    servers.push(broker);
    channels = await startChannelDispatcher({ host, port: ctx.dispatcherPort ?? 0, dispatcher, onError });
    servers.push(channels);
  } catch (e) {
    unregisterAdmission();
    await closeServers();
    throw e;
  }
  targets.brokerIngress = { hostname: host, port: broker.ingress.port };
  targets.channelDispatcher = { hostname: host, port: channels.server.port };
  // Ping sends keep real-time retries even when the schedule runs on a test clock.
  const ping = new PingAdapter({ clock: ctx.pingClock, dispatcher: new Dispatcher({ clock: ctx.dataPlaneClock, sender }), onError });

  // Informers.
  const brokers = inf.for<Broker & KubeObject>(R.brokers);
  const triggers = inf.for<Trigger & KubeObject>(R.triggers);
  const imcs = inf.for<InMemoryChannel & KubeObject>(R.inMemoryChannels);
  const channelObjs = inf.for<Channel & KubeObject>(R.channels);
  const subscriptions = inf.for<Subscription & KubeObject>(R.subscriptions);
  const pingSources = inf.for<PingSource & KubeObject>(R.pingSources);
  const services = inf.for<Service>(Resources.services);
  const addressables: { ref: ResourceRef; informer: Informer }[] = [
    { ref: ServingResources.services, informer: inf.for(ServingResources.services) },
    { ref: R.brokers, informer: brokers as unknown as Informer },
    { ref: R.channels, informer: channelObjs as unknown as Informer },
    { ref: R.inMemoryChannels, informer: imcs as unknown as Informer },
    { ref: Resources.services, informer: services as unknown as Informer },
  ];
  const objects = new ObjectSource(ctx.client, addressables);
  const base = () => ({ client: ctx.client, clock, logger, objects, tracker: new ReferenceTracker() });

  // Controllers.
  const controllers: { controller: Controller; tracker: ReferenceTracker }[] = [];
  const add = (name: string, deps: ReturnType<typeof base>, reconcile: ReconcileFn): Controller => {
    const controller = new Controller({ name, clock, logger, reconcile });
    controllers.push({ controller, tracker: deps.tracker });
    return controller;
  };

  const bDeps = base();
  const brokerCtl = add('broker', bDeps, makeBrokerReconciler({ ...bDeps, brokers, channels: imcs as unknown as Informer, configMaps, table: broker.plane.table }));
  brokerCtl.watch(brokers);
  brokerCtl.watchOwned(imcs, 'Broker');

  const tDeps = base();
  const triggerCtl = add('trigger', tDeps, makeTriggerReconciler({ ...tDeps, triggers, brokers, subscriptions, table: broker.plane.table, onError }));
  triggerCtl.watch(triggers);
  triggerCtl.watchOwned(subscriptions, 'Trigger');
  brokers.onChange((_t, b) => {
    const ns = b.metadata?.namespace ?? '';
    for (const t of triggers.list(ns, (x) => x.spec?.broker === b.metadata?.name)) triggerCtl.enqueueObject(t);
  });

  const iDeps = base();
  const imcCtl = add('inmemorychannel', iDeps, makeInMemoryChannelReconciler({ ...iDeps, channels: imcs, services, table: channels.dispatcher.table }));
  imcCtl.watch(imcs);
  imcCtl.watchOwned(services, 'InMemoryChannel');

  const cDeps = base();
  const channelCtl = add('channel', cDeps, makeChannelReconciler({ ...cDeps, channels: channelObjs, configMaps }));
  channelCtl.watch(channelObjs);
  channelCtl.watchOwned(imcs, 'Channel');

  const sDeps = base();
  const subCtl = add('subscription', sDeps, makeSubscriptionReconciler({ ...sDeps, subscriptions }));
  subCtl.watch(subscriptions);

  const pDeps = base();
  const pingCtl = add('pingsource', pDeps, makePingSourceReconciler({ ...pDeps, sources: pingSources, adapter: ping, onError }));
  pingCtl.watch(pingSources);

  // A change to anything a reconcile looked at re-queues whoever looked.
  for (const { ref, informer } of addressables) {
    informer.onChange((_t, obj) => {
      const key = objectRefKey(ref, obj);
      for (const { controller, tracker } of controllers) for (const owner of tracker.ownersOf(key)) controller.enqueue(owner);
    });
  }

  const all = controllers.map((c) => c.controller);
  try {
    await inf.start();
    if (ctx.gatewayPort !== undefined) {
      await publishEndpoints(ctx.client, BROKER_INGRESS_SERVICE, host, broker.ingress.port);
      await publishEndpoints(ctx.client, IMC_DISPATCHER_SERVICE, host, channels.server.port);
    }
  } catch (e) {
    unregisterAdmission();
    ping.stop();
    await closeServers();
    throw e;
  }
  for (const c of all) c.start();
  logger.info(`eventing: broker ingress on ${host}:${broker.ingress.port}, channel dispatcher on ${host}:${channels.server.port}`);

  return {
    brokerPlane: broker.plane,
    channelDispatcher: channels.dispatcher,
    pingAdapter: ping,
    ingressPort: broker.ingress.port,
    dispatcherPort: channels.server.port,
    controllers: all,
    async stop() {
      unregisterAdmission();
      await Promise.all(all.map((c) => c.stop()));
      ping.stop();
      await closeServers();
    },
  };
}
