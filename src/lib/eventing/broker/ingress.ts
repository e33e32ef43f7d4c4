// HTTP front of the broker ingress: POST /<namespace>/<broker> with a CloudEvent.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerOptions, DEFAULT_MAX_EVENT_BYTES, receiveEvent } from '../http/receiver.js';
import { reply } from '../http/server.js';
import type { BrokerDataPlane } from './data-plane.js';

/** Options of the ingress handler. */
export interface IngressOptions {
  maxBodyBytes?: number;
}

/** Splits "/ns/name" into its two segments; undefined when the path has another shape. */
export function parseBrokerPath(path: string): { namespace: string; name: string } | undefined {
  const segs = path.split('?')[0].split('/').filter((s) => s !== '');
  if (segs.length !== 2) return undefined;
  return { namespace: segs[0], name: segs[1] };
}

/** Request handler of the broker ingress (status codes as upstream's broker-ingress). */
export function brokerIngressHandler(plane: BrokerDataPlane, options: IngressOptions = {}): RequestListener {
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_EVENT_BYTES;
  return (req: IncomingMessage, res: ServerResponse) => {
    void handle(plane, maxBytes, req, res).catch(() => reply(res, 500, 'internal error'));
  };
}

async function handle(plane: BrokerDataPlane, maxBytes: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'OPTIONS') return answerOptions(res);
  if (req.method !== 'POST') {
    req.resume();
    return reply(res, 405, 'method not allowed', { allow: 'POST, OPTIONS' });
  }
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/') {
    req.resume();
    return reply(res, 404, 'not found');
  }
  const target = parseBrokerPath(path);
  if (!target) {
    req.resume();
    return reply(res, 400, 'path must be /<namespace>/<broker>');
  }
  if (!plane.table.getBroker(target.namespace, target.name)) {
    req.resume();
    return reply(res, 404, `broker ${target.namespace}/${target.name} not found`);
  }
  const event = await receiveEvent(req, res, maxBytes);
  if (!event) return;
  const result = await plane.ingest(target.namespace, target.name, event);
  switch (result.status) {
    case 202:
      return reply(res, 202);
    case 400:
      return reply(res, 400, 'event TTL exhausted');
    case 404:
      return reply(res, 404, `broker ${target.namespace}/${target.name} not found`);
    default:
      return reply(res, 500, 'failed to deliver the event to every trigger');
  }
}
