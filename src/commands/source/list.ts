// kn source list [-t TYPE]
import { Flags } from '@oclif/core';
import { KnError, apiNotInstalledMessage } from '../../lib/api/errors.js';
import { SOURCE_CRD_LABEL, crdResourceType, type SourceObject } from '../../lib/api/eventing-types.js';
import type { KList } from '../../lib/api/types.js';
import { requireAtMost } from '../../lib/cli/args.js';
import { allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { sourceColumns, type SourceRow } from '../../lib/output/columns/source.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { printObject } from '../../lib/output/printers/index.js';
import { renderTable } from '../../lib/output/table.js';

/** Lists objects of every installed source kind (CRDs labelled duck.knative.dev/source=true). */
export default class SourceList extends EventingCommand {
  static override summary = 'List event sources';
  static override usage = 'source list';
  static override examples = ['# List available eventing sources\n  kn source list', '# List PingSource type sources\n  kn source list --type=PingSource'];
  static override flags = {
    ...namespaceFlag,
    ...allNamespacesFlag,
    type: Flags.string({ char: 't', description: 'Filter list on given type. This flag can be given multiple times.', multiple: true }),
    ...listOutputFlags(),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SourceList);
    requireAtMost(args, 0, "'kn source list' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    const crds = await client.listCrds(SOURCE_CRD_LABEL, 'true');
    if (crds.length === 0) throw new KnError(apiNotInstalledMessage('sources.knative.dev'), 'ApiNotInstalled');
    const wanted = new Set((flags.type ?? []).flatMap((t) => t.split(',')).map((t) => t.toLowerCase()));
    const rows: SourceRow[] = [];
    for (const crd of crds) {
      if (wanted.size > 0 && !wanted.has(crd.spec.names.kind.toLowerCase())) continue;
      const rt = crdResourceType(crd);
      const list = await client.listObjects(rt);
      for (const obj of list.items) rows.push({ obj: obj as SourceObject, resource: `${rt.plural}.${rt.group}` });
    }
    rows.sort((a, b) => ((a.obj.metadata.name ?? '') < (b.obj.metadata.name ?? '') ? -1 : (a.obj.metadata.name ?? '') > (b.obj.metadata.name ?? '') ? 1 : 0));
    if (flags.output) {
      const list: KList<SourceObject> = { apiVersion: 'v1', kind: 'List', metadata: {}, items: rows.map((r) => r.obj) };
      return this.print(printObject(list, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] }));
    }
    if (rows.length === 0) return this.println('No sources found.');
    this.print(renderTable(sourceColumns, rows, { noHeaders: flags['no-headers'], allNamespaces: flags['all-namespaces'] }));
  }
}
