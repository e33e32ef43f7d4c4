// kn subscription update NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { subscriptionChanges, subscriptionSinkFlags } from '../../lib/eventing/cli/subscription-flags.js';

/** Changes a subscription's subscriber, reply or dead-letter sink. */
export default class SubscriptionUpdate extends EventingCommand {
  static override summary = 'Update an event subscription';
  static override usage = 'subscription update NAME';
  static override examples = ["# Update a subscription 'sub0' with a subscriber ksvc 'receiver'\n  kn subscription update sub0 --sink ksvc:receiver"];
  static override flags = { ...namespaceFlag, ...subscriptionSinkFlags };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SubscriptionUpdate);
    const name = requireSingleName(args, "'kn subscription update' requires the subscription name given as single argument");
    const ns = await this.namespace(flags);
    const client = await this.eventing(ns);
    const apply = await subscriptionChanges(flags, this.sinkResolver(ns, client));
    await client.subscriptions.updateWithRetry(name, apply);
    this.println(`Subscription '${name}' updated in namespace '${ns}'.`);
  }
}
