// Loader hook (runs off-thread): records file URLs as they load.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let log;

export function initialize(data) {
  log = data?.log;
}

export async function load(url, context, next) {
  if (log && url.startsWith('file:')) appendFileSync(log, `${fileURLToPath(url)}\n`);
  return next(url, context);
}
