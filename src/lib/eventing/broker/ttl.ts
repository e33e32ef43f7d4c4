// The broker's hop counter (extension knativebrokerttl) that stops reply loops.

/** Extension carrying the remaining hops. */
export const TTL_EXTENSION = 'knativebrokerttl';
/** TTL given to events that arrive without a valid one. */
export const DEFAULT_TTL = 255;

/** The TTL after this hop: default for a missing/invalid value, else decremented by one. */
export function nextTtl(current: unknown): number {
  const n = typeof current === 'number' ? current : typeof current === 'string' && /^-?\d+$/.test(current) ? Number(current) : NaN;
  if (!Number.isInteger(n)) return DEFAULT_TTL;
  return n - 1;
}
