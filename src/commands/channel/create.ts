// kn channel create NAME [--type TYPE]
import { Flags } from '@oclif/core';
import type { Channel } from '../../lib/api/eventing-types.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { parseChannelType } from '../../lib/eventing/cli/channel-ref.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';

/** Creates a channel, optionally of an explicit backing kind. */
export default class ChannelCreate extends EventingCommand {
  static override summary = 'Create an event channel';
  static override usage = 'channel create NAME';
  static override examples = [
    "# Create a channel 'pipe' with default setting for channel configuration\n  kn channel create pipe",
    "# Create a channel 'imc1' of type InMemoryChannel using inbuilt alias 'imc'\n  kn channel create imc1 --type imc",
    "# Create a channel 'k1' of type KafkaChannel\n  kn channel create k1 --type messaging.knative.dev:v1alpha1:KafkaChannel",
  ];
  static override flags = {
    ...namespaceFlag,
    type: Flags.string({ description: "The channel type to create, in the format 'Group:Version:Kind' or an alias such as 'imc'." }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ChannelCreate);
    const name = requireSingleName(args, "'kn channel create' requires the channel name given as single argument");
    const ns = await this.namespace(flags);
    const ch: Channel = { metadata: { name, namespace: ns }, spec: {} };
    if (flags.type) ch.spec = { channelTemplate: parseChannelType(flags.type, this.channelAliases) };
    await (await this.eventing(ns)).channels.create(ch);
    this.println(`Channel '${name}' created in namespace '${ns}'.`);
  }
}
