// kn trigger describe NAME
import { Flags } from '@oclif/core';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { describeTrigger } from '../../lib/output/describe-trigger.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a trigger's broker, filters, sink and conditions. */
export default class TriggerDescribe extends EventingCommand {
  static override summary = 'Show details of a trigger';
  static override usage = 'trigger describe NAME';
  static override examples = ["# Describe trigger 'mytrigger'\n  kn trigger describe mytrigger", "# Describe trigger 'mytrigger' in YAML format\n  kn trigger describe mytrigger -o yaml"];
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(TriggerDescribe);
    const name = requireSingleName(args, "'kn trigger describe' requires name of the trigger as single argument");
    const client = await this.eventing(await this.namespace(flags));
    const trigger = await client.triggers.get(name);
    if (flags.output) {
      return this.print(printObject(trigger, flags.output, { template: flags.template, showManagedFields: flags['show-managed-fields'] }));
    }
    this.print(describeTrigger(trigger, flags.verbose, new Date()));
  }
}
