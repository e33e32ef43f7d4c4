// kn source list-types
import { KnError, apiNotInstalledMessage } from '../../lib/api/errors.js';
import { CRD, SOURCE_CRD_LABEL } from '../../lib/api/eventing-types.js';
import { makeList } from '../../lib/api/resource-client.js';
import { requireAtMost } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { sourceTypeColumns } from '../../lib/output/columns/source.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists the installed source kinds, marking those kn supports natively. */
export default class SourceListTypes extends EventingCommand {
  static override summary = 'List event source types';
  static override usage = 'source list-types';
  static override examples = ['# List available event source types\n  kn source list-types', '# List available event source types in YAML format\n  kn source list-types -o yaml'];
  static override flags = { ...namespaceFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SourceListTypes);
    requireAtMost(args, 0, "'kn source list-types' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    const crds = (await client.listCrds(SOURCE_CRD_LABEL, 'true')).sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    if (crds.length === 0) throw new KnError(apiNotInstalledMessage('sources.knative.dev'), 'ApiNotInstalled');
    this.print(renderList(makeList(CRD, crds), sourceTypeColumns, flags, 'No sources found.'));
  }
}
