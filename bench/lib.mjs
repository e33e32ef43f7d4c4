// Small helpers the benchmarks share.
import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1 (the OS picks it; it is released before the caller binds it). */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}
