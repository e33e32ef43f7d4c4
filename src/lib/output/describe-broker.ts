// The `kn broker describe` page.
import type { Broker } from '../api/eventing-types.js';
import { DescribeWriter, writeConditions, writeMetadata } from './describe.js';

/** The whole `kn broker describe` page. */
export function describeBroker(broker: Broker, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, broker.metadata, false, now);
  dw.writeLine();
  dw.writeAttribute('Address', '').writeAttribute('URL', broker.status?.address?.url ?? '');
  dw.writeLine();
  writeConditions(dw, broker.status?.conditions, false, now);
  return dw.toString();
}
