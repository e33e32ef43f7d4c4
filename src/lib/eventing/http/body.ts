// Reads a request or response body into memory with a size cap, so a client cannot exhaust memory.
import type { IncomingMessage } from 'node:http';

/** Body larger than the cap (answered 413 by receivers). */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads the whole body; rejects with BodyTooLargeError past `maxBytes` (checked on Content-Length first). */
export function readBody(msg: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => collectBody(msg, maxBytes, (e, body) => (e ? reject(e) : resolve(body!))));
}

/**
 * Callback form of readBody, for hot paths where a promise per message is measurable: `done` is
 * called exactly once, with the body or with the error.
 */
export function collectBody(msg: IncomingMessage, maxBytes: number, done: (error: Error | undefined, body?: Buffer) => void): void {
  const declared = Number(msg.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    msg.resume();
    done(new BodyTooLargeError(maxBytes));
    return;
  }
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  const fail = (e: Error) => {
    if (settled) return;
    settled = true;
    done(e);
  };
  msg.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > maxBytes) {
      fail(new BodyTooLargeError(maxBytes));
      return;
    }
    // Most events arrive in one chunk: keep it as is instead of concatenating.
    if (first === undefined) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  msg.on('end', () => {
    if (settled) return;
    settled = true;
    done(undefined, chunks ? Buffer.concat(chunks, size) : (first ?? EMPTY));
  });
  msg.on('error', fail);
  // A peer that goes away mid-body must not leave the caller waiting forever.
  msg.on('close', () => {
    if (!msg.complete) fail(new Error('connection closed before the body was complete'));
    settled = true;
  });
}

const EMPTY = Buffer.alloc(0);
