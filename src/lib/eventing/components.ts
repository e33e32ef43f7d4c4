// Starts the eventing data plane servers on loopback ports, for the local control plane and the
// component entry point; reconcilers then push state into the returned tables. (The ping adapter
// has no server: create it with `new PingAdapter(...)`.)
import { BrokerDataPlane, type BrokerDataPlaneOptions } from './broker/data-plane.js';
import { brokerIngressHandler } from './broker/ingress.js';
import { ChannelDispatcher, type ChannelDispatcherOptions } from './channel/dispatcher.js';
import { listen, type RunningServer } from './http/server.js';

/** Where a component listens. */
export interface ListenOptions {
  /** Loopback address (127.x.y.z); 127.0.0.1 by default. */
  host?: string;
  /** Port; 0 (any free port) by default. */
  port?: number;
  /** Cap on incoming event bodies. */
  maxBodyBytes?: number;
}

/** A running broker data plane (ingress; the filter stage runs in-process). */
export interface RunningBroker {
  plane: BrokerDataPlane;
  ingress: RunningServer;
  close(): Promise<void>;
}

/** Starts the broker ingress; push brokers and triggers into `plane.table`. */
export async function startBrokerDataPlane(options: ListenOptions & BrokerDataPlaneOptions = {}): Promise<RunningBroker> {
  const plane = new BrokerDataPlane(options);
  const ingress = await listen(brokerIngressHandler(plane, { maxBodyBytes: options.maxBodyBytes }), options);
  return { plane, ingress, close: () => ingress.close() };
}

/** A running InMemoryChannel dispatcher. */
export interface RunningChannelDispatcher {
  dispatcher: ChannelDispatcher;
  server: RunningServer;
  close(): Promise<void>;
}

/** Starts the imc-dispatcher; push channels into `dispatcher.table`. */
export async function startChannelDispatcher(options: ListenOptions & ChannelDispatcherOptions = {}): Promise<RunningChannelDispatcher> {
  const dispatcher = new ChannelDispatcher(options);
  const server = await listen(dispatcher.handler(), options);
  return { dispatcher, server, close: () => server.close() };
}
