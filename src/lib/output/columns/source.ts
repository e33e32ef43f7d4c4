// `kn source list` (NAME TYPE RESOURCE SINK READY, +NAMESPACE) and `kn source list-types` columns.
import type { CustomResourceDefinition, SourceObject } from '../../api/eventing-types.js';
import { sinkToString } from '../../eventing/cli/sink.js';
import { namespaceCell, readyCell } from '../cells.js';
import type { Column } from '../table.js';

/** A source object with the CRD it came from (`plural.group`). */
export interface SourceRow {
  obj: SourceObject;
  resource: string;
}

/** Columns of the source table. */
export const sourceColumns: Column<SourceRow>[] = [
  { name: 'Namespace', cell: (r) => namespaceCell(r.obj), allNamespacesOnly: true },
  { name: 'Name', cell: (r) => r.obj.metadata.name ?? '' },
  { name: 'Type', cell: (r) => r.obj.kind ?? '' },
  { name: 'Resource', cell: (r) => r.resource },
  { name: 'Sink', cell: (r) => sinkToString(r.obj.spec?.sink, r.obj.metadata.namespace) },
  { name: 'Ready', cell: (r) => readyCell(r.obj) },
];

/** Source kinds kn supports natively, with their descriptions. */
const BUILTIN_SOURCES: Record<string, string> = {
  ApiServerSource: 'Watch and send Kubernetes API events to addressable',
  SinkBinding: 'Binding for connecting a PodSpecable to addressable',
  PingSource: 'Send periodically ping events to addressable',
  ContainerSource: 'Generate events by Container image and send to addressable',
};

/** Descriptions of well-known source kinds kn has no built-in commands for. */
const OTHER_SOURCES: Record<string, string> = { KafkaSource: 'Route events from Apache Kafka Server to addressable' };

/** Columns of `kn source list-types` (TYPE S NAME DESCRIPTION). */
export const sourceTypeColumns: Column<CustomResourceDefinition>[] = [
  { name: 'Type', cell: (c) => c.spec.names.kind },
  { name: 'S', cell: (c) => (c.spec.names.kind in BUILTIN_SOURCES ? 'X' : '') },
  { name: 'Name', cell: (c) => c.metadata.name ?? '' },
  { name: 'Description', cell: (c) => BUILTIN_SOURCES[c.spec.names.kind] ?? OTHER_SOURCES[c.spec.names.kind] ?? '' },
];
