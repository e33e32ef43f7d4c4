// Names and URLs of the objects and endpoints eventing creates, as upstream computes them.
import { childName } from '../../serving/names.js';

/** Cluster domain suffix used in in-cluster URLs. */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** Namespace of the eventing system components. */
export const SYSTEM_NAMESPACE = 'knative-eventing';

/** status.address.url of a Broker. */
export function brokerIngressUrl(namespace: string, name: string, domain = DEFAULT_CLUSTER_DOMAIN): string {
  return `http://broker-ingress.${SYSTEM_NAMESPACE}.svc.${domain}/${namespace}/${name}`;
}

/** Name of the channel behind an MTChannelBasedBroker. */
export function brokerTriggerChannelName(broker: string): string {
  return childName(broker, '-kne-trigger');
}

/** status.address.url of an InMemoryChannel. */
export function inMemoryChannelUrl(namespace: string, name: string, domain = DEFAULT_CLUSTER_DOMAIN): string {
  return `http://${name}-kn-channel.${namespace}.svc.${domain}`;
}

/** Name of the ExternalName Service fronting an InMemoryChannel. */
export function inMemoryChannelServiceName(name: string): string {
  return `${name}-kn-channel`;
}

/** Name of the Subscription a Trigger owns on its broker's channel. */
export function triggerSubscriptionName(broker: string, trigger: string, uid: string): string {
  return childName(`${broker}-${trigger}-`, uid);
}

/** URL of the broker filter endpoint for one trigger (subscriber of its Subscription). */
export function brokerFilterUrl(namespace: string, trigger: string, uid: string, domain = DEFAULT_CLUSTER_DOMAIN): string {
  return `http://broker-filter.${SYSTEM_NAMESPACE}.svc.${domain}/triggers/${namespace}/${trigger}/${uid}`;
}

/** In-cluster URL of a core v1 Service. */
export function serviceUrl(namespace: string, name: string, domain = DEFAULT_CLUSTER_DOMAIN): string {
  return `http://${name}.${namespace}.svc.${domain}`;
}
