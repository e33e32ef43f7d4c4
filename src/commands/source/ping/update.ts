// kn source ping update NAME
import { KnError, toKnError } from '../../../lib/api/errors.js';
import { requireSingleName } from '../../../lib/cli/args.js';
import { namespaceFlag } from '../../../lib/cli/base-command.js';
import { EventingCommand } from '../../../lib/eventing/cli/command.js';
import { mergeKeyValues, parseKeyValues } from '../../../lib/eventing/cli/key-values.js';
import { dataFields, pingFlags } from '../../../lib/eventing/cli/ping-flags.js';
import { resolveOptionalSink } from '../../../lib/eventing/cli/sink.js';

/** Changes the given fields of a PingSource. */
export default class PingUpdate extends EventingCommand {
  static override summary = 'Update a ping source';
  static override usage = 'source ping update NAME';
  static override examples = ["# Update the schedule of a Ping source 'my-ping' to fire every minute\n  kn source ping update my-ping --schedule \"* * * * *\""];
  static override flags = { ...namespaceFlag, ...pingFlags };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(PingUpdate);
    const name = requireSingleName(args, 'name of Ping source required');
    const ns = await this.namespace(flags);
    let data: { data?: string; dataBase64?: string } | undefined;
    try {
      if (flags.data !== undefined || flags.encoding !== undefined) data = dataFields(flags.data ?? '', flags.encoding);
    } catch (e) {
      throw new KnError(`cannot update PingSource "${name}" in namespace "${ns}" because: ${toKnError(e).message}`, 'BadRequest');
    }
    const overrideChanges = parseKeyValues(flags['ce-override'], { allowRemoval: true, splitCommas: false });
    const client = await this.eventing(ns);
    const sink = await resolveOptionalSink(flags.sink, this.sinkResolver(ns, client));
    await client.pingSources.updateWithRetry(name, (src) => {
      if (flags.schedule !== undefined) src.spec.schedule = flags.schedule;
      if (data) {
        delete src.spec.data;
        delete src.spec.dataBase64;
        Object.assign(src.spec, data);
      }
      if (sink) src.spec.sink = sink;
      if (flags['ce-override']) {
        const ext = mergeKeyValues(src.spec.ceOverrides?.extensions, overrideChanges);
        if (ext) src.spec.ceOverrides = { ...(src.spec.ceOverrides ?? {}), extensions: ext };
        else delete src.spec.ceOverrides;
      }
      return src;
    });
    this.println(`Ping source '${name}' updated in namespace '${ns}'.`);
  }
}
