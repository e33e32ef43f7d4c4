// kn source ping create NAME --sink SINK
import { KnError, toKnError } from '../../../lib/api/errors.js';
import type { PingSource } from '../../../lib/api/eventing-types.js';
import { requireSingleName } from '../../../lib/cli/args.js';
import { namespaceFlag } from '../../../lib/cli/base-command.js';
import { EventingCommand } from '../../../lib/eventing/cli/command.js';
import { mergeKeyValues, parseKeyValues } from '../../../lib/eventing/cli/key-values.js';
import { dataFields, pingFlags } from '../../../lib/eventing/cli/ping-flags.js';
import { resolveSink } from '../../../lib/eventing/cli/sink.js';
import { requiredFlagError } from '../../../lib/eventing/cli/trigger-flags.js';

/** Creates a PingSource. */
export default class PingCreate extends EventingCommand {
  static override summary = 'Create a ping source';
  static override usage = 'source ping create NAME --sink SINK';
  static override examples = ["# Create a Ping source 'my-ping' which fires every two minutes and sends '{ value: \"hello\" }' to service 'mysvc' as a cloudevent\n  kn source ping create my-ping --schedule \"*/2 * * * *\" --data '{ value: \"hello\" }' --sink ksvc:mysvc"];
  static override flags = { ...namespaceFlag, ...pingFlags };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(PingCreate);
    const name = requireSingleName(args, 'requires the name of the Ping source to create as single argument');
    if (!flags.sink) throw requiredFlagError('sink');
    const ns = await this.namespace(flags);
    let data: { data?: string; dataBase64?: string };
    try {
      data = dataFields(flags.data ?? '', flags.encoding);
    } catch (e) {
      throw new KnError(`cannot create PingSource "${name}" in namespace "${ns}" because: ${toKnError(e).message}`, 'BadRequest');
    }
    const overrides = mergeKeyValues(undefined, parseKeyValues(flags['ce-override'], { allowRemoval: true, splitCommas: false }));
    const client = await this.eventing(ns);
    const sink = await resolveSink(flags.sink, this.sinkResolver(ns, client));
    const src: PingSource = { metadata: { name, namespace: ns }, spec: { sink } };
    if (flags.schedule) src.spec.schedule = flags.schedule;
    if (data.data) src.spec.data = data.data;
    if (data.dataBase64) src.spec.dataBase64 = data.dataBase64;
    if (overrides) src.spec.ceOverrides = { extensions: overrides };
    await client.pingSources.create(src);
    this.println(`Ping source '${name}' created in namespace '${ns}'.`);
  }
}
