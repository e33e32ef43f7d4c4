// kn subscription describe NAME
import { Flags } from '@oclif/core';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { describeSubscription } from '../../lib/output/describe-subscription.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a subscription's channel, sinks and conditions. */
export default class SubscriptionDescribe extends EventingCommand {
  static override summary = 'Show details of a subscription';
  static override usage = 'subscription describe NAME';
  static override examples = ["# Describe a subscription 'pipe'\n  kn subscription describe pipe"];
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SubscriptionDescribe);
    const name = requireSingleName(args, "'kn subscription describe' requires the subscription name given as single argument");
    const client = await this.eventing(await this.namespace(flags));
    const sub = await client.subscriptions.get(name);
    if (flags.output) {
      return this.print(printObject(sub, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] }));
    }
    this.print(describeSubscription(sub, flags.verbose, new Date()));
  }
}
