// Shared cell helpers of list tables (knative/client pkg/commands/human_readable_flags.go).
import { findCondition, type KObject } from '../api/types.js';
import { humanDuration } from './duration.js';

/** AGE cell: human duration since creationTimestamp, `<unknown>` without one. */
export function ageCell(obj: KObject, now: Date): string {
  const ts = obj.metadata.creationTimestamp;
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** CONDITIONS cell: "N OK / M". */
export function conditionsCell(obj: KObject): string {
  const conds = obj.status?.conditions ?? [];
  return `${conds.filter((c) => c.status === 'True').length} OK / ${conds.length}`;
}

/** READY cell: status of the Ready condition or `<unknown>`. */
export function readyCell(obj: KObject): string {
  return findCondition(obj, 'Ready')?.status ?? '<unknown>';
}

/** REASON cell: empty when Ready, "Reason : Message" otherwise. */
export function reasonCell(obj: KObject): string {
  const c = findCondition(obj, 'Ready');
  if (!c) return '<unknown>';
  if (c.status === 'True') return '';
  const reason = c.reason ?? '';
  return c.message ? `${reason} : ${c.message}` : reason;
}

/** NAMESPACE cell. */
export function namespaceCell(obj: KObject): string {
  return obj.metadata.namespace ?? '';
}

/** Truncates like kn's revision list (46 chars + " ..." beyond 50). */
export function truncate(s: string, max = 50): string {
  return textLength(s) > max ? [...s].slice(0, max - 4).join('') + ' ...' : s;
}

function textLength(s: string): number {
  return [...s].length;
}
