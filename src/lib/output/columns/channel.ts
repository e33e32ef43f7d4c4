// `kn channel list` columns: NAME TYPE URL AGE READY REASON (+NAMESPACE), and `channel list-types`.
import type { Channel, CustomResourceDefinition } from '../../api/eventing-types.js';
import { ageCell, namespaceCell, readyCell, reasonCell } from '../cells.js';
import type { Column } from '../table.js';

/** Columns of the channel table. */
export const channelColumns: Column<Channel>[] = [
  { name: 'Namespace', cell: namespaceCell, allNamespacesOnly: true },
  { name: 'Name', cell: (c) => c.metadata.name ?? '' },
  { name: 'Type', cell: (c) => c.spec?.channelTemplate?.kind ?? '' },
  { name: 'Url', cell: (c) => c.status?.address?.url ?? '' },
  { name: 'Age', cell: (c, ctx) => ageCell(c, ctx.now) },
  { name: 'Ready', cell: readyCell },
  { name: 'Reason', cell: reasonCell },
];

/** Built-in descriptions of channel kinds. */
const CHANNEL_DESCRIPTIONS: Record<string, string> = {
  InMemoryChannel: 'The events are stored in memory',
  KafkaChannel: 'The events are stored in a Kafka cluster (must be installed separately)',
};

/** Columns of `kn channel list-types` (TYPE NAME DESCRIPTION). */
export const channelTypeColumns: Column<CustomResourceDefinition>[] = [
  { name: 'Type', cell: (c) => c.spec.names.kind },
  { name: 'Name', cell: (c) => c.metadata.name ?? '' },
  { name: 'Description', cell: (c) => CHANNEL_DESCRIPTIONS[c.spec.names.kind] ?? '' },
];
