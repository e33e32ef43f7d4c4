// kn source ping list
import { requireAtMost } from '../../../lib/cli/args.js';
import { allNamespacesFlag, namespaceFlag } from '../../../lib/cli/base-command.js';
import { EventingCommand } from '../../../lib/eventing/cli/command.js';
import { defaultNamespaceFirst, sortByName } from '../../../lib/eventing/cli/list-order.js';
import { pingColumns } from '../../../lib/output/columns/ping.js';
import { listOutputFlags } from '../../../lib/output/flags.js';
import { renderList } from '../../../lib/output/list.js';

/** Lists PingSources by name. */
export default class PingList extends EventingCommand {
  static override summary = 'List ping sources';
  static override usage = 'source ping list';
  static override examples = ['# List all Ping sources\n  kn source ping list', '# List all Ping sources in YAML format\n  kn source ping list -o yaml'];
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(PingList);
    requireAtMost(args, 0, "'kn source ping list' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    const list = await client.pingSources.list();
    list.items = defaultNamespaceFirst(sortByName(list.items), flags['all-namespaces']);
    this.print(renderList(list, pingColumns, flags, 'No Ping source found.'));
  }
}
