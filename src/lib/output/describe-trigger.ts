// The `kn trigger describe` page.
import type { Trigger } from '../api/eventing-types.js';
import { writeSink } from '../eventing/cli/describe-sink.js';
import { DescribeWriter, writeConditions, writeMetadata } from './describe.js';

/** The whole `kn trigger describe` page. */
export function describeTrigger(trigger: Trigger, verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, trigger.metadata, verbose, now);
  dw.writeAttribute('Broker', trigger.spec.broker ?? '');
  const attrs = trigger.spec.filter?.attributes ?? {};
  if (Object.keys(attrs).length > 0) {
    // Upstream iterates a Go map (unordered); we keep the stored key order.
    const section = dw.writeAttribute('Filter', '');
    for (const [k, v] of Object.entries(attrs)) section.writeAttribute(k, v);
  }
  if ((trigger.spec.filters ?? []).length > 0) {
    dw.writeLine();
    const section = dw.writeAttribute('Filters (experimental)', '');
    for (const f of trigger.spec.filters ?? []) writeFilter(section, f);
  }
  dw.writeLine();
  writeSink(dw, 'Sink', trigger.spec.subscriber, trigger.metadata.namespace);
  dw.writeLine();
  writeConditions(dw, trigger.status?.conditions, verbose, now);
  return dw.toString();
}

// One SubscriptionsAPIFilter: dialects as nested sections, attribute maps as `key: value` lines.
function writeFilter(dw: DescribeWriter, filter: unknown): void {
  if (typeof filter !== 'object' || filter === null) return;
  for (const [dialect, value] of Object.entries(filter as Record<string, unknown>)) {
    if (dialect === 'cesql' && typeof value === 'string') {
      dw.writeAttribute('cesql', value);
    } else if (dialect === 'not') {
      writeFilter(dw.writeAttribute('not', ''), value);
    } else if (Array.isArray(value)) {
      const section = dw.writeAttribute(dialect, '');
      for (const f of value) writeFilter(section, f);
    } else if (typeof value === 'object' && value !== null) {
      const section = dw.writeAttribute(dialect, '');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) section.writeAttribute(k, String(v));
    }
  }
}
