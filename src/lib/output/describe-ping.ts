// The `kn source ping describe` page.
import type { PingSource } from '../api/eventing-types.js';
import { writeSink } from '../eventing/cli/describe-sink.js';
import { DescribeWriter, writeConditions, writeMetadata } from './describe.js';

/** The whole `kn source ping describe` page. */
export function describePing(src: PingSource, verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, src.metadata, verbose, now);
  dw.writeAttribute('Schedule', src.spec.schedule ?? '');
  if (src.spec.dataBase64) dw.writeAttribute('DataBase64', src.spec.dataBase64);
  else dw.writeAttribute('Data', src.spec.data ?? '');
  dw.writeLine();
  writeSink(dw, 'Sink', src.spec.sink, src.metadata.namespace);
  const overrides = src.spec.ceOverrides?.extensions ?? {};
  if (Object.keys(overrides).length > 0) {
    dw.writeLine();
    const section = dw.writeAttribute('CloudEvent Overrides', '');
    for (const k of Object.keys(overrides).sort()) section.writeAttribute(k, overrides[k] ?? '');
  }
  dw.writeLine();
  writeConditions(dw, src.status?.conditions, verbose, now);
  return dw.toString();
}
