// kn channel describe NAME
import { Flags } from '@oclif/core';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { describeChannel } from '../../lib/output/describe-channel.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a channel's type, address and conditions. */
export default class ChannelDescribe extends EventingCommand {
  static override summary = 'Show details of a channel';
  static override usage = 'channel describe NAME';
  static override examples = ["# Describe a channel 'pipe'\n  kn channel describe pipe", "# Print only channel URL\n  kn channel describe pipe -o url"];
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(['url']),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ChannelDescribe);
    const name = requireSingleName(args, "'kn channel describe' requires the channel name given as single argument");
    const client = await this.eventing(await this.namespace(flags));
    const ch = await client.channels.get(name);
    if (flags.output) {
      if (flags.output.toLowerCase() === 'url') return this.println(ch.status?.address?.url ?? '');
      return this.print(printObject(ch, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] }));
    }
    this.print(describeChannel(ch, flags.verbose, new Date()));
  }
}
