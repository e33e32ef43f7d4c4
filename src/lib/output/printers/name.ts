// kubectl's name printer: `kind.group/name` (lower-case kind), one line per object.
import type { KObject } from '../../api/types.js';

/** `service.serving.knative.dev/hello` (core group: `pod/x`). */
export function printName(obj: KObject): string {
  const kind = (obj.kind ?? '').toLowerCase();
  const apiVersion = obj.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const prefix = group ? `${kind}.${group}` : kind;
  return `${prefix}/${obj.metadata?.name ?? ''}\n`;
}
