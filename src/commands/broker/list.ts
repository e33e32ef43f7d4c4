// kn broker list
import { requireAtMost } from '../../lib/cli/args.js';
import { allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { brokerColumns } from '../../lib/output/columns/broker.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists brokers in the API server's order. */
export default class BrokerList extends EventingCommand {
  static override summary = 'List brokers';
  static override usage = 'broker list';
  static override examples = ['# List all brokers\n  kn broker list', '# List all brokers in JSON output format\n  kn broker list -o json'];
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(BrokerList);
    requireAtMost(args, 0, "'kn broker list' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    this.print(renderList(await client.brokers.list(), brokerColumns, flags, 'No brokers found.'));
  }
}
