// kn channel delete NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';

/** Deletes a channel. */
export default class ChannelDelete extends EventingCommand {
  static override summary = 'Delete a channel';
  static override usage = 'channel delete NAME';
  static override examples = ["# Delete a channel 'pipe'\n  kn channel delete pipe"];
  static override flags = { ...namespaceFlag };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ChannelDelete);
    const name = requireSingleName(args, "'kn channel delete' requires the channel name as single argument");
    const ns = await this.namespace(flags);
    await (await this.eventing(ns)).channels.delete(name);
    this.println(`Channel '${name}' deleted in namespace '${ns}'.`);
  }
}
