// The InMemoryChannel dispatcher's table: channel hosts and their subscribers, pushed by reconcilers.
// Entries are replaced whole (copy-on-write), so a running fan-out keeps the subscribers it started with.
import type { DeliveryPolicy } from '../delivery/spec.js';

/** One subscriber of a channel, resolved (channel spec.subscribers[] entry). */
export interface ChannelSubscriber {
  uid: string;
  subscriberUri?: string;
  replyUri?: string;
  /** subscriber.delivery ?? channel.delivery, with the dead-letter sink resolved. */
  delivery: DeliveryPolicy;
}

/** What a reconciler tells the dispatcher about one InMemoryChannel. */
export interface ChannelConfig {
  namespace: string;
  name: string;
  /** Host of the channel address, e.g. "<name>-kn-channel.<ns>.svc.cluster.local". */
  host: string;
  subscribers: ChannelSubscriber[];
  /** Annotation messaging.knative.dev/async-handler: "true": answer 202 before fanning out. */
  asyncHandler?: boolean;
}

/** Host of an InMemoryChannel's address. */
export function channelHost(namespace: string, name: string, domain = 'cluster.local'): string {
  return `${name}-kn-channel.${namespace}.svc.${domain}`;
}

/** Channels by host and by namespace/name. */
export class ChannelTable {
  private byHost = new Map<string, ChannelConfig>();
  private byRef = new Map<string, ChannelConfig>();

  /** Replaces the whole table. */
  setConfig(channels: ChannelConfig[]): void {
    const byHost = new Map<string, ChannelConfig>();
    const byRef = new Map<string, ChannelConfig>();
    for (const c of channels) {
      const frozen = freeze(c);
      byHost.set(c.host.toLowerCase(), frozen);
      byRef.set(`${c.namespace}/${c.name}`, frozen);
    }
    this.byHost = byHost;
    this.byRef = byRef;
  }

  /** Adds or replaces one channel. */
  setChannel(channel: ChannelConfig): void {
    this.deleteChannel(channel.namespace, channel.name);
    const frozen = freeze(channel);
    this.byHost.set(channel.host.toLowerCase(), frozen);
    this.byRef.set(`${channel.namespace}/${channel.name}`, frozen);
  }

  /** Removes a channel. */
  deleteChannel(namespace: string, name: string): void {
    const old = this.byRef.get(`${namespace}/${name}`);
    if (!old) return;
    this.byRef.delete(`${namespace}/${name}`);
    this.byHost.delete(old.host.toLowerCase());
  }

  /** Channel addressed by a Host header (port ignored). */
  byHostHeader(host: string | undefined): ChannelConfig | undefined {
    if (!host) return undefined;
    return this.byHost.get(host.replace(/:\d+$/, '').toLowerCase());
  }

  /** Channel by namespace and name. */
  get(namespace: string, name: string): ChannelConfig | undefined {
    return this.byRef.get(`${namespace}/${name}`);
  }
}

function freeze(c: ChannelConfig): ChannelConfig {
  return Object.freeze({ ...c, subscribers: Object.freeze(c.subscribers.map((s) => Object.freeze({ ...s }))) as ChannelSubscriber[] });
}
