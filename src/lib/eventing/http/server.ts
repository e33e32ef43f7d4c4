// Starting and stopping the data plane's loopback HTTP servers.
import http from 'node:http';
import { listenOn } from '../../http/listen.js';

/** A listening server with its base URL. */
export interface RunningServer {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Host the data plane binds (loopback only). */
export const LOOPBACK = '127.0.0.1';

/** Listens on a loopback address (port 0 = any free port). */
export function listen(
  handler: http.RequestListener,
  options: { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const host = options.host ?? LOOPBACK;
  if (!host.startsWith('127.')) return Promise.reject(new Error(`refusing to bind non-loopback address ${host}`));
  const server = http.createServer({ keepAliveTimeout: 30_000 }, handler);
  return listenOn(server, options.port ?? 0, host).then(({ port, close }) => ({ server, port, url: `http://${host}:${port}`, close }));
}

/** Writes a short plain-text response (or an empty one). */
export function reply(res: http.ServerResponse, status: number, text = '', headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const body = text ? `${text}\n` : '';
  res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
