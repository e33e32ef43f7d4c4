// A TCP relay from the pod address to a loopback server. The gateway library binds loopback
// addresses only (a rule of this codebase for the single-machine mode); in a cluster the gateway
// must answer on the pod IP, so the gateway component listens on 127.0.0.1 and relays to it.
import net from 'node:net';
import { listenOn } from '../lib/http/listen.js';

/** A running relay. */
export interface Relay {
  port: number;
  close(): Promise<void>;
}

/** Accepts on host:port and pipes each connection to target (both directions, half-close kept). */
export async function startRelay(host: string, port: number, target: { host: string; port: number }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    // One side failing ends both; errors are per connection and not worth a log line.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const listening = await listenOn(server, port, host);
  return {
    port: listening.port,
    close: () => {
      // A raw TCP server has no closeAllConnections: end the relayed connections here.
      for (const s of sockets) s.destroy();
      return listening.close();
    },
  };
}
