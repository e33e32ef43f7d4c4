// The `kn channel describe` page.
import type { Channel } from '../api/eventing-types.js';
import { DescribeWriter, writeConditions, writeMetadata } from './describe.js';

/** The whole `kn channel describe` page. */
export function describeChannel(ch: Channel, verbose: boolean, now: Date): string {
  const dw = DescribeWriter.create();
  writeMetadata(dw, ch.metadata, verbose, now);
  const tpl = ch.spec?.channelTemplate;
  dw.writeAttribute('Type', `${tpl?.kind ?? ''} (${tpl?.apiVersion ?? ''})`);
  if (ch.status?.address) dw.writeAttribute('URL', ch.status.address.url ?? '');
  dw.writeLine();
  writeConditions(dw, ch.status?.conditions, verbose, now);
  return dw.toString();
}
