// kn broker describe NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { describeBroker } from '../../lib/output/describe-broker.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a broker's address and conditions. */
export default class BrokerDescribe extends EventingCommand {
  static override summary = 'Describe broker';
  static override usage = 'broker describe NAME';
  static override examples = ["# Describe broker 'mybroker' in the current namespace\n  kn broker describe mybroker", "# Describe broker 'mybroker' in YAML format\n  kn broker describe mybroker -o yaml", '# Print only broker URL\n  kn broker describe mybroker -o url'];
  static override flags = { ...namespaceFlag, ...machineOutputFlags(['url']) };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(BrokerDescribe);
    const name = requireSingleName(args, "'broker describe' requires the broker name given as single argument");
    const client = await this.eventing(await this.namespace(flags));
    const broker = await client.brokers.get(name);
    if (flags.output) {
      if (flags.output.toLowerCase() === 'url') return this.println(broker.status?.address?.url ?? '');
      return this.print(printObject(broker, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] }));
    }
    this.print(describeBroker(broker, new Date()));
  }
}
