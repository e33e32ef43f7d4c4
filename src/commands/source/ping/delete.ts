// kn source ping delete NAME
import { requireSingleName } from '../../../lib/cli/args.js';
import { namespaceFlag } from '../../../lib/cli/base-command.js';
import { EventingCommand } from '../../../lib/eventing/cli/command.js';

/** Deletes a PingSource. */
export default class PingDelete extends EventingCommand {
  static override summary = 'Delete a ping source';
  static override usage = 'source ping delete NAME';
  static override examples = ["# Delete a Ping source 'my-ping'\n  kn source ping delete my-ping"];
  static override flags = { ...namespaceFlag };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(PingDelete);
    // Upstream's message starts with a stray quote.
    const name = requireSingleName(args, "'requires the name of the Ping source to delete as single argument");
    const ns = await this.namespace(flags);
    await (await this.eventing(ns)).pingSources.delete(name);
    this.println(`Ping source '${name}' deleted in namespace '${ns}'.`);
  }
}
