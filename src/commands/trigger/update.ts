// kn trigger update NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { resolveOptionalSink } from '../../lib/eventing/cli/sink.js';
import { applyFilters, filterFlag, sinkFlag } from '../../lib/eventing/cli/trigger-flags.js';

/** Changes a trigger's filters and/or sink (the broker is immutable). */
export default class TriggerUpdate extends EventingCommand {
  static override summary = 'Update a trigger';
  static override usage = 'trigger update NAME';
  static override examples = [
    "# Update the filter which key is 'type' to value 'knative.dev.bar' in a trigger 'mytrigger'\n  kn trigger update mytrigger --filter type=knative.dev.bar",
    "# Remove the filter which key is 'type' from a trigger 'mytrigger'\n  kn trigger update mytrigger --filter type-",
    "# Update the sink of a trigger 'mytrigger' to 'ksvc:new-service'\n  kn trigger update mytrigger --sink ksvc:new-service",
  ];
  static override flags = { ...namespaceFlag, ...filterFlag, ...sinkFlag };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(TriggerUpdate);
    const name = requireSingleName(args, 'name of trigger required');
    const ns = await this.namespace(flags);
    // Syntax errors surface before any request.
    applyFilters(undefined, flags.filter, `cannot update trigger '${name}'`);
    const client = await this.eventing(ns);
    const subscriber = await resolveOptionalSink(flags.sink, this.sinkResolver(ns, client));
    await client.triggers.updateWithRetry(name, (t) => {
      if (flags.filter) {
        const attributes = applyFilters(t.spec.filter?.attributes, flags.filter, `cannot update trigger '${name}'`);
        if (attributes) t.spec.filter = { ...(t.spec.filter ?? {}), attributes };
        else delete t.spec.filter;
      }
      if (subscriber) t.spec.subscriber = subscriber;
      return t;
    });
    this.println(`Trigger '${name}' updated in namespace '${ns}'.`);
  }
}
