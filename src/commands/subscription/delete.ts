// kn subscription delete NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';

/** Deletes a subscription. */
export default class SubscriptionDelete extends EventingCommand {
  static override summary = 'Delete a subscription';
  static override usage = 'subscription delete NAME';
  static override examples = ["# Delete a subscription 'sub0'\n  kn subscription delete sub0"];
  static override flags = { ...namespaceFlag };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SubscriptionDelete);
    const name = requireSingleName(args, "'kn subscription delete' requires the subscription name as single argument");
    const ns = await this.namespace(flags);
    await (await this.eventing(ns)).subscriptions.delete(name);
    this.println(`Subscription '${name}' deleted in namespace '${ns}'.`);
  }
}
