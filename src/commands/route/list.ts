// kn route list [NAME]
import { requireAtMost } from '../../lib/cli/args.js';
import { KnCommand, allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { routeColumns } from '../../lib/output/columns/route.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists routes (server order, as upstream). */
export default class RouteList extends KnCommand {
  static override summary = 'List routes';
  static override usage = 'route list NAME';
  static override examples = ['# List all routes\n  kn route list', "# List route 'r1' in namespace 'myapp'\n  kn route list r1 -n myapp", '# List all routes in JSON output format\n  kn route list -o json'];
  static override flags = { ...namespaceFlag, ...allNamespacesFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(RouteList);
    requireAtMost(args, 1, "'kn route list' accepts only one additional argument");
    const client = await this.serving(await this.namespace(flags));
    const list = await client.routes.list(args[0] ? { name: args[0] } : undefined);
    this.print(renderList(list, routeColumns, flags, 'No routes found.'));
  }
}
