// The `Sink:`-style section of eventing describe pages (knative/client WriteSink).
import type { Destination } from '../../api/eventing-types.js';
import type { DescribeWriter } from '../../output/describe.js';

/** `<label>:` then Name / Namespace (only when not the object's own) / Resource, or URI. */
export function writeSink(dw: DescribeWriter, label: string, dest: Destination | undefined, ownNamespace: string | undefined): void {
  const sub = dw.writeAttribute(label, '');
  if (!dest) return;
  const ref = dest.ref;
  if (ref) {
    sub.writeAttribute('Name', ref.name ?? '');
    if (ref.namespace && ref.namespace !== ownNamespace) sub.writeAttribute('Namespace', ref.namespace);
    sub.writeAttribute('Resource', `${ref.kind ?? ''} (${ref.apiVersion ?? ''})`);
  }
  if (dest.uri) sub.writeAttribute('URI', dest.uri);
}
