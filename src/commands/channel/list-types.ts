// kn channel list-types
import { KnError, apiNotInstalledMessage } from '../../lib/api/errors.js';
import { CHANNEL_CRD_LABEL, CRD } from '../../lib/api/eventing-types.js';
import { makeList } from '../../lib/api/resource-client.js';
import { requireAtMost } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { channelTypeColumns } from '../../lib/output/columns/channel.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists the installed channel kinds (CRDs labelled messaging.knative.dev/subscribable=true). */
export default class ChannelListTypes extends EventingCommand {
  static override summary = 'List channel types';
  static override usage = 'channel list-types';
  static override examples = ['# List available channel types\n  kn channel list-types'];
  static override flags = { ...namespaceFlag, ...listOutputFlags() };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ChannelListTypes);
    requireAtMost(args, 0, "'kn channel list-types' accepts no arguments");
    const client = await this.eventing(await this.namespace(flags));
    // The generic Channel kind is not a backing implementation.
    const crds = (await client.listCrds(CHANNEL_CRD_LABEL, 'true'))
      .filter((c) => c.spec.names.kind !== 'Channel')
      .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    if (crds.length === 0) throw new KnError(apiNotInstalledMessage('messaging.knative.dev'), 'ApiNotInstalled');
    this.print(renderList(makeList(CRD, crds), channelTypeColumns, flags, 'No channel types found.'));
  }
}
