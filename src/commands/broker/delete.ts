// kn broker delete NAME
import { KnError, toKnError } from '../../lib/api/errors.js';
import { waitForDeleted } from '../../lib/api/wait.js';
import { toWaitOptions, waitFlags } from '../../lib/api/wait-flags.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';

/** Deletes a broker, optionally waiting until it is gone. */
export default class BrokerDelete extends EventingCommand {
  static override summary = 'Delete a broker';
  static override usage = 'broker delete NAME';
  static override examples = ["# Delete a broker 'mybroker' in the current namespace\n  kn broker delete mybroker"];
  static override flags = { ...namespaceFlag, ...waitFlags(false) };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(BrokerDelete);
    const name = requireSingleName(args, "'broker delete' requires the broker name given as single argument");
    const ns = await this.namespace(flags);
    const client = await this.eventing(ns);
    try {
      await client.brokers.delete(name);
      if (flags.wait) await waitForDeleted(client.brokers, name, toWaitOptions(flags));
    } catch (e) {
      const err = toKnError(e);
      throw new KnError(`cannot delete broker '${name}' in namespace '${ns}' because: ${err.message}`, err.reason);
    }
    this.println(`Broker '${name}' successfully deleted in namespace '${ns}'.`);
  }
}
