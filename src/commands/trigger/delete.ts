// kn trigger delete NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';

/** Deletes a trigger (no wait flags upstream). */
export default class TriggerDelete extends EventingCommand {
  static override summary = 'Delete a trigger';
  static override usage = 'trigger delete NAME';
  static override examples = ["# Delete a trigger 'mytrigger' in default namespace\n  kn trigger delete mytrigger"];
  static override flags = { ...namespaceFlag };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(TriggerDelete);
    const name = requireSingleName(args, "'trigger delete' requires the name of the trigger as single argument");
    const ns = await this.namespace(flags);
    await (await this.eventing(ns)).triggers.delete(name);
    this.println(`Trigger '${name}' deleted in namespace '${ns}'.`);
  }
}
