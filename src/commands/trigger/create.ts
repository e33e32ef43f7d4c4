// kn trigger create NAME --sink SINK
import { Flags } from '@oclif/core';
import { KnError, toKnError } from '../../lib/api/errors.js';
import type { Trigger } from '../../lib/api/eventing-types.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { resolveSink } from '../../lib/eventing/cli/sink.js';
import { applyFilters, filterFlag, requiredFlagError, sinkFlag } from '../../lib/eventing/cli/trigger-flags.js';

/** Creates a trigger on a broker. */
export default class TriggerCreate extends EventingCommand {
  static override summary = 'Create a trigger';
  static override usage = 'trigger create NAME --sink SINK';
  static override examples = [
    "# Create a trigger 'mytrigger' to declare a subscription to events from default broker. The subscriber is service 'mysvc'\n  kn trigger create mytrigger --broker default --sink ksvc:mysvc",
    "# Create a trigger to filter events with attribute 'type=dev.knative.foo'\n  kn trigger create mytrigger --broker mybroker --filter type=dev.knative.foo --sink ksvc:mysvc",
  ];
  static override flags = {
    ...namespaceFlag,
    broker: Flags.string({ description: 'Name of the Broker which the trigger associates with.', default: 'default' }),
    ...filterFlag,
    ...sinkFlag,
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(TriggerCreate);
    const name = requireSingleName(args, "'trigger create' requires the name of the trigger");
    if (!flags.sink) throw requiredFlagError('sink');
    const ns = await this.namespace(flags);
    const attributes = applyFilters(undefined, flags.filter, `cannot create trigger '${name}'`);
    const client = await this.eventing(ns);
    try {
      const subscriber = await resolveSink(flags.sink, this.sinkResolver(ns, client));
      const trigger: Trigger = { metadata: { name, namespace: ns }, spec: { broker: flags.broker, subscriber } };
      if (attributes) trigger.spec.filter = { attributes };
      await client.triggers.create(trigger);
    } catch (e) {
      const err = toKnError(e);
      throw new KnError(`cannot create trigger '${name}' in namespace '${ns}' because: ${err.message}`, err.reason);
    }
    this.println(`Trigger '${name}' successfully created in namespace '${ns}'.`);
  }
}
