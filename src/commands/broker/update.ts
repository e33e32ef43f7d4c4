// kn broker update NAME
import { KnError } from '../../lib/api/errors.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { anyDeliveryFlag, applyDeliveryFlags, deliveryFlags } from '../../lib/eventing/cli/delivery.js';

/** Changes a broker's delivery options (only the flags given). */
export default class BrokerUpdate extends EventingCommand {
  static override summary = 'Update a broker';
  static override usage = 'broker update NAME';
  static override examples = ["# Update a broker 'mybroker' in the current namespace with delivery retry count 5\n  kn broker update mybroker --retry 5"];
  static override flags = { ...namespaceFlag, ...deliveryFlags };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(BrokerUpdate);
    const name = requireSingleName(args, "'broker update' requires the broker name given as single argument");
    if (!anyDeliveryFlag(flags)) throw new KnError('flag(s) not set\nUsage: update NAME', 'BadRequest');
    const ns = await this.namespace(flags);
    const client = await this.eventing(ns);
    // Resolve the dead-letter sink once, outside the conflict-retry loop.
    const changes = await applyDeliveryFlags({}, flags, this.sinkResolver(ns, client));
    await client.brokers.updateWithRetry(name, (b) => {
      const delivery = { ...(b.spec?.delivery ?? {}), ...(changes ?? {}) };
      b.spec = { ...(b.spec ?? {}), delivery };
      return b;
    });
    this.println(`Broker '${name}' updated in namespace '${ns}'.`);
  }
}
