// Local mode has no cluster DNS: deliveries to in-cluster URLs (a ksvc's
// http://<name>.<ns>.svc.cluster.local, the broker ingress, <channel>-kn-channel hosts) are sent
// to a loopback port instead, keeping the original Host header. The broker ingress and the
// channel dispatcher run in this process, so their hosts go straight to their ports; every other
// in-cluster host goes through the gateway, which routes by Host like cluster DNS + kube-proxy.
import { inMemoryChannelServiceName, SYSTEM_NAMESPACE } from './resources/names.js';

/** A loopback endpoint. */
export interface LoopbackTarget {
  hostname: string;
  port: number;
}

/** Where the in-process data plane and the gateway listen. */
export interface LocalRoutingTargets {
  gateway: LoopbackTarget;
  brokerIngress?: LoopbackTarget;
  channelDispatcher?: LoopbackTarget;
}

const CLUSTER_SUFFIXES = ['.svc.cluster.local', '.svc'];

/** In-cluster Service host name split into service and namespace, or undefined for other hosts. */
export function clusterServiceOf(hostname: string): { service: string; namespace: string } | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const suffix = CLUSTER_SUFFIXES.find((s) => host.endsWith(s));
  if (!suffix) return undefined;
  const parts = host.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { service: parts[0], namespace: parts[1] };
}

/** The sender's route function (createHttpSender's `route` option) for local mode. */
export function localClusterRoute(targets: LocalRoutingTargets): (url: URL) => LoopbackTarget | undefined {
  const channelSuffix = inMemoryChannelServiceName('');
  return (url) => {
    const svc = clusterServiceOf(url.hostname);
    if (!svc) return undefined;
    if (targets.brokerIngress && svc.namespace === SYSTEM_NAMESPACE && svc.service === 'broker-ingress') return targets.brokerIngress;
    if (targets.channelDispatcher && (svc.service.endsWith(channelSuffix) || (svc.namespace === SYSTEM_NAMESPACE && svc.service === 'imc-dispatcher'))) {
      return targets.channelDispatcher;
    }
    return targets.gateway;
  };
}
