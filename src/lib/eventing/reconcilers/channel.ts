// Channel reconciler: creates the backing channel from spec.channelTemplate (default from
// default-ch-webhook), keeps its delivery and subscribers in step with the Channel's, and mirrors
// its readiness, address and subscriber statuses back.
import type { Informer } from '../../controller/informer.js';
import type { ConfigMap } from '../../controller/kinds.js';
import { deepCopy, jsonEqual, type KubeObject, splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import { channelTemplateOf, computeChannelStatus, makeBackingChannel, type ChannelObservation } from '../resources/channel.js';
import { parseDefaultChannel } from '../resources/config.js';
import { EventingResources } from '../resources/kinds.js';
import { SYSTEM_NAMESPACE } from '../resources/names.js';
import type { Channel } from '../types.js';
import { addressOf, createOrGet, isControlledBy, readyOf, type ReconcilerBase } from './common.js';
import { ReconcileResolver, resourceOf } from './references.js';

/** Name of the ConfigMap holding the default channel template. */
export const DEFAULT_CH_CONFIGMAP = 'default-ch-webhook';

/** Dependencies of the Channel reconciler. */
export interface ChannelReconcilerDeps extends ReconcilerBase {
  channels: Informer<Channel & KubeObject>;
  configMaps: Informer<ConfigMap>;
}

/** The reconcile function of the Channel controller. */
export function makeChannelReconciler(d: ChannelReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const cached = d.channels.get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) {
      d.tracker.forget(key);
      return;
    }
    const channel = deepCopy(cached);
    const defaults = parseDefaultChannel(d.configMaps.get(SYSTEM_NAMESPACE, DEFAULT_CH_CONFIGMAP)?.data, namespace);
    const template = channelTemplateOf(channel, defaults);
    const apiVersion = template.apiVersion ?? '';
    const kind = template.kind ?? '';
    const ref = resourceOf(apiVersion, kind, [EventingResources.inMemoryChannels, EventingResources.channels]);
    const desired = makeBackingChannel(channel, defaults);
    const resolver = new ReconcileResolver(d.objects);
    resolver.depend(apiVersion, kind, namespace, name);

    const obs: ChannelObservation = {};
    let backing = await d.objects.get(apiVersion, kind, namespace, name);
    if (!backing) backing = await createOrGet(d.client, ref, desired);
    if (!isControlledBy(backing, channel.metadata.uid)) {
      obs.backing = {
        apiVersion, kind, name,
        ready: { type: 'Ready', status: 'False', reason: 'ChannelNotOwned', message: `channel ${name} is not owned by this Channel` },
      };
    } else {
      // Only delivery and subscribers are ours to keep in step; the rest of the spec is the template's.
      const want = desired.spec as Record<string, unknown>;
      const have = (backing.spec ?? {}) as Record<string, unknown>;
      if (!jsonEqual(have.subscribers, want.subscribers) || !jsonEqual(have.delivery, want.delivery)) {
        const spec: Record<string, unknown> = { ...have };
        for (const f of ['subscribers', 'delivery'] as const) {
          if (want[f] === undefined) delete spec[f];
          else spec[f] = want[f];
        }
        backing = await d.client.update(ref, { ...deepCopy(backing), spec });
      }
      obs.backing = {
        apiVersion, kind, name,
        ready: readyOf(backing),
        address: addressOf(backing),
        subscribers: (backing.status as { subscribers?: unknown[] } | undefined)?.subscribers,
      };
    }
    const dls = channel.spec?.delivery?.deadLetterSink;
    if (dls) obs.deadLetterSink = await resolver.resolve(dls, namespace);
    d.tracker.track(key, resolver.refs);
    const status = computeChannelStatus(channel, obs, d.clock);
    await writeStatusIfChanged(d.client, EventingResources.channels, cached, { ...channel, status });
  };
}
