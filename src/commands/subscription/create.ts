// kn subscription create NAME --channel CHANNEL [--sink S] [--sink-reply S] [--sink-dead-letter S]
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import type { Subscription } from '../../lib/api/eventing-types.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { namespaceFlag } from '../../lib/cli/base-command.js';
import { parseChannelRef } from '../../lib/eventing/cli/channel-ref.js';
import { EventingCommand } from '../../lib/eventing/cli/command.js';
import { subscriptionChanges, subscriptionSinkFlags } from '../../lib/eventing/cli/subscription-flags.js';

/** Subscribes a sink to a channel. */
export default class SubscriptionCreate extends EventingCommand {
  static override summary = 'Create a subscription';
  static override usage = 'subscription create NAME';
  static override examples = [
    "# Create a subscription 'sub0' from InMemoryChannel 'pipe0' to a subscriber ksvc 'receiver'\n  kn subscription create sub0 --channel imc:pipe0 --sink ksvc:receiver",
    "# Create a subscription 'sub1' from KafkaChannel 'k1' to ksvc 'mirror', reply to a broker 'nest' and DeadLetterSink to a ksvc 'bucket'\n  kn subscription create sub1 --channel messaging.knative.dev:v1alpha1:KafkaChannel:k1 --sink mirror --sink-reply broker:nest --sink-dead-letter bucket",
  ];
  static override flags = {
    ...namespaceFlag,
    channel: Flags.string({ description: "Specify the channel to subscribe to. For example: '--channel pipe' for a Channel 'pipe', '--channel imc:pipe' for an InMemoryChannel 'pipe', or '--channel messaging.knative.dev:v1alpha1:KafkaChannel:k1' for a KafkaChannel 'k1'." }),
    ...subscriptionSinkFlags,
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(SubscriptionCreate);
    const name = requireSingleName(args, "'kn subscription create' requires the subscription name given as single argument");
    if (!flags.channel) throw new KnError("'kn subscription create' requires the channel reference provided with --channel flag", 'BadRequest');
    const channel = parseChannelRef(flags.channel, this.channelAliases);
    const ns = await this.namespace(flags);
    const client = await this.eventing(ns);
    const apply = await subscriptionChanges(flags, this.sinkResolver(ns, client));
    const sub: Subscription = { metadata: { name, namespace: ns }, spec: { channel } };
    await client.subscriptions.create(apply(sub));
    this.println(`Subscription '${name}' created in namespace '${ns}'.`);
  }
}
