// kn trigger list
import { requireAtMost } from '../../lib/cli/args.js';
import { allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { defaultNamespaceFirst } from '../../lib/eventing/cli/list-order.js';
import { triggerColumns } from '../../lib/output/columns/trigger.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists triggers (server order; with -A the default namespace first). */
export default class TriggerList extends EventingCommand {
  static override summary = 'List triggers';
  static override usage = 'trigger list';
  static override examples = ['# List all triggers\n  kn trigger list', '# List all triggers in JSON output format\n  kn trigger ls -o json'];
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(TriggerList);
    requireAtMost(args, 0, "'kn trigger list' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    const list = await client.triggers.list();
    list.items = defaultNamespaceFirst(list.items, flags['all-namespaces']);
    this.print(renderList(list, triggerColumns, flags, 'No triggers found.'));
  }
}
