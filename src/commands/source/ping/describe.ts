// kn source ping describe NAME
import { Flags } from '@oclif/core';
import { requireSingleName } from '../../../lib/cli/args.js';
import { namespaceFlag } from '../../../lib/cli/base-command.js';
import { EventingCommand } from '../../../lib/eventing/cli/command.js';
import { describePing } from '../../../lib/output/describe-ping.js';
import { machineOutputFlags } from '../../../lib/output/flags.js';
import { printObject } from '../../../lib/output/printers/index.js';

/** Shows a PingSource. */
export default class PingDescribe extends EventingCommand {
  static override summary = 'Show details of a ping source';
  static override usage = 'source ping describe NAME';
  static override examples = ["# Describe a Ping source with name 'myping'\n  kn source ping describe myping", "# Describe a Ping source with name 'myping' in YAML format\n  kn source ping describe myping -o yaml"];
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(PingDescribe);
    const name = requireSingleName(args, "'kn source ping describe' requires name of the source as single argument");
    const client = await this.eventing(await this.namespace(flags));
    const src = await client.pingSources.get(name);
    if (flags.output) {
      return this.print(printObject(src, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] }));
    }
    this.print(describePing(src, flags.verbose, new Date()));
  }
}
