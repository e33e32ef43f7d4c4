// The request checks every CloudEvents receiver shares (OPTIONS, method, body cap, decoding).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, collectBody } from './body.js';
import { decodeEvent, InvalidEventError, type Event } from './codec.js';
import { reply } from './server.js';

/** Default cap on incoming event bodies. */
export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

/** Answers the CloudEvents webhook abuse-protection handshake. */
export function answerOptions(res: ServerResponse): void {
  reply(res, 200, '', {
    allow: 'POST, OPTIONS',
    'webhook-allowed-origin': '*',
    'webhook-allowed-rate': '*',
  });
}

/** Reads and decodes the event of a POST; answers 413/400 itself and resolves undefined then. */
export function receiveEvent(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<Event | undefined> {
  // Callback body reading inside one promise: this runs once per event on the broker's hot path.
  return new Promise((resolve) =>
    collectBody(req, maxBytes, (e, body) => {
      if (e) {
        if (e instanceof BodyTooLargeError) reply(res, 413, e.message, { connection: 'close' });
        else reply(res, 400, 'failed to read request body');
        resolve(undefined);
        return;
      }
      try {
        resolve(decodeEvent(req.headers, body!));
      } catch (err) {
        reply(res, 400, err instanceof InvalidEventError ? err.message : 'malformed event');
        resolve(undefined);
      }
    }),
  );
}
