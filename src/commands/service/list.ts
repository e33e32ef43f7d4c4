// kn service list [NAME]
import { requireAtMost } from '../../lib/cli/args.js';
import { KnCommand, allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { rejectUnsupported, targetFlag } from '../../lib/cli/unsupported.js';
import { serviceColumns, sortServices } from '../../lib/output/columns/service.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists services (one namespace or all). */
export default class ServiceList extends KnCommand {
  static override summary = 'List services';
  static override examples = ['# List all services\n  kn service list', '# List all services in JSON output format\n  kn service list -o json', "# List service 'web'\n  kn service list web"];
  static override usage = 'service list [NAME]';
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags(), ...targetFlag };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ServiceList);
    rejectUnsupported(flags, ['target']);
    requireAtMost(args, 1, "'kn service list' accepts maximum 1 argument");
    const client = await this.serving(await this.namespace(flags));
    const list = await client.services.list(args[0] ? { name: args[0] } : undefined);
    list.items = sortServices(list.items);
    this.print(renderList(list, serviceColumns, flags, 'No services found.'));
  }
}
