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
  return new Promise((resolve, reject) => {
    const declared = Number(msg.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      msg.resume();
      reject(new BodyTooLargeError(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    msg.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    msg.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    msg.on('error', (e) => {
      if (!failed) reject(e);
      failed = true;
    });
    // A peer that goes away mid-body must not leave the promise pending forever.
    msg.on('close', () => {
      if (!failed && !msg.complete) reject(new Error('connection closed before the body was complete'));
      failed = true;
    });
  });
}
