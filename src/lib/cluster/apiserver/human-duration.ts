// Kubernetes' "AGE" cell for server-side Table rows; the duration format is the CLI's own (one implementation).
import { humanDuration } from '../../output/duration.js';

/** Age of an object from its creationTimestamp, as kubectl shows it ("<unknown>" when unset). */
export function ageOf(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string') return '<unknown>';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}
