// kn subscription list
import { requireAtMost } from '../../lib/cli/args.js';
import { allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { defaultNamespaceFirst, sortByName } from '../../lib/eventing/cli/list-order.js';
import { subscriptionColumns } from '../../lib/output/columns/subscription.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists subscriptions by name. */
export default class SubscriptionList extends EventingCommand {
  static override summary = 'List subscriptions';
  static override usage = 'subscription list';
  static override examples = ['# List all subscriptions\n  kn subscription list', '# List subscriptions in YAML format\n  kn subscription list -o yaml'];
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SubscriptionList);
    requireAtMost(args, 0, "'kn subscription list' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    const list = await client.subscriptions.list();
    list.items = defaultNamespaceFirst(sortByName(list.items), flags['all-namespaces']);
    this.print(renderList(list, subscriptionColumns, flags, 'No subscriptions found.'));
  }
}
