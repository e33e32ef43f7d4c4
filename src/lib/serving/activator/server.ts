// The activator as its own HTTP server: one specific address (loopback locally, the pod IP in a
// cluster), revision from headers or Host.
import http from 'node:http';
import { listenOn } from '../../http/listen.js';
import { checkBindAddress } from '../autoscaler/bind-address.js';
import type { Activator } from './activator.js';

/** Upstream's activator HTTP/1 port. */
export const ACTIVATOR_PORT = 8012;

/** A running activator server. */
export interface ActivatorServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `activator` on host:port (default 127.0.0.1, port 0 = any free one). */
export async function startActivatorServer(activator: Activator, opts: { host?: string; port?: number } = {}): Promise<ActivatorServer> {
  const host = opts.host ?? '127.0.0.1';
  checkBindAddress(host);
  const server = http.createServer(activator.listener());
  // Requests may wait for a cold start as long as the revision timeout allows.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  const listening = await listenOn(server, opts.port ?? 0, host);
  return {
    port: listening.port,
    close: () => {
      activator.close();
      return listening.close();
    },
  };
}
