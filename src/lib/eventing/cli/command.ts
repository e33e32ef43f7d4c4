// Base class of the eventing commands: KnCommand plus the namespace-bound EventingClient.
import type { EventingClient } from '../../api/eventing.js';
import { KnError } from '../../api/errors.js';
import { KnCommand } from '../../cli/base-command.js';
import type { ChannelAliases } from './channel-ref.js';
import type { SinkResolver } from './sink.js';

/** KnCommand with `this.eventing(ns)`. */
export abstract class EventingCommand extends KnCommand {
  /** Eventing client for a namespace ('' = all namespaces, for lists). */
  protected async eventing(namespace: string): Promise<EventingClient> {
    const clients = await this.kn();
    if (!clients.eventing) throw new KnError('no eventing client configured', 'Unknown');
    return clients.eventing(namespace);
  }

  /** Sink resolution in `namespace` through `client`, with the kn config's sink-mappings. */
  protected sinkResolver(namespace: string, client: EventingClient): SinkResolver {
    return { namespace, get: client.getObject, mappings: () => this.knConfig().sinkMappings };
  }

  /** The kn config's channel-type-mappings (read on first use). */
  protected readonly channelAliases: ChannelAliases = () => this.knConfig().channelTypeMappings;
}
