// Starting and stopping a server the caller created (http or https): one way for every component.
import type { AddressInfo, Server } from 'node:net';

/** A listening server: its port and a close that also ends idle keep-alive connections. */
export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0 = any free port); rejects on a listen error such as EADDRINUSE. */
export function listenOn(server: Server & { closeAllConnections?: () => void }, port: number, host: string): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}
