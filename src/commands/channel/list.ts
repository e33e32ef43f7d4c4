// kn channel list
import { requireAtMost } from '../../lib/cli/args.js';
import { allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { defaultNamespaceFirst, sortByName } from '../../lib/eventing/cli/list-order.js';
import { channelColumns } from '../../lib/output/columns/channel.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists channels by name. */
export default class ChannelList extends EventingCommand {
  static override summary = 'List channels';
  static override usage = 'channel list';
  static override examples = ['# List all channels\n  kn channel list', '# List channels in YAML format\n  kn channel ls -o yaml'];
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ChannelList);
    requireAtMost(args, 0, "'kn channel list' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    const list = await client.channels.list();
    list.items = defaultNamespaceFirst(sortByName(list.items), flags['all-namespaces']);
    this.print(renderList(list, channelColumns, flags, 'No channels found.'));
  }
}
