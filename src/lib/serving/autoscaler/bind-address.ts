// Where the autoscaling servers may listen: one specific address (loopback locally, the pod IP in
// a cluster), never all interfaces.
import { isIP } from 'node:net';

/** Throws unless `host` is a specific IP literal (not 0.0.0.0 or ::). */
export function checkBindAddress(host: string): void {
  if (isIP(host) === 0 || host === '0.0.0.0' || host === '::') {
    throw new Error(`refusing to listen on ${JSON.stringify(host)}: give a loopback or pod IP address`);
  }
}
