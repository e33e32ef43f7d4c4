// kn route describe NAME
import { Flags } from '@oclif/core';
import { requireSingleName } from '../../lib/cli/args.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { describeRoute } from '../../lib/output/describe-route.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printOptions } from '../../lib/output/list.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a route and its traffic targets. */
export default class RouteDescribe extends KnCommand {
  static override summary = 'Show details of a route';
  static override usage = 'route describe NAME';
  static override examples = ["# Describe route 'myroute' in the current namespace\n  kn route describe myroute"];
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(RouteDescribe);
    const name = requireSingleName(args, "'kn route describe' requires name of the route as single argument");
    const client = await this.serving(await this.namespace(flags));
    const route = await client.routes.get(name);
    if (flags.output) {
      return this.print(printObject(route, flags.output, printOptions(flags)));
    }
    this.print(describeRoute(route, flags.verbose, new Date()));
  }
}
