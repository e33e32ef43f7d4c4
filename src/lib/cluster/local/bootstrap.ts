// Objects a fresh local cluster needs that a kind install gets from manifests: the Knative config
// maps with local-mode values, and the `kourier` LoadBalancer Service whose ingress IP the tutorials
// read with kubectl. Create-if-missing only: a user's edits (e.g. a custom domain) survive restarts.
import type { KubeClient } from '../../controller/client.js';
import { isAlreadyExists } from '../../controller/errors.js';
import type { KubeObject } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';

/** Local-mode contents of the knative-serving and knative-eventing config maps. */
export function localConfigMaps(): { namespace: string; name: string; data: Record<string, string> }[] {
  const serving = (name: string, data: Record<string, string> = {}) => ({ namespace: 'knative-serving', name, data });
  const eventing = (name: string, data: Record<string, string> = {}) => ({ namespace: 'knative-eventing', name, data });
  return [
    // Same magic-DNS domain as `kn quickstart kind`; locally, curl the gateway with the Host header.
    serving('config-domain', { '127.0.0.1.sslip.io': '' }),
    serving('config-network', { 'ingress-class': 'kourier.ingress.networking.knative.dev' }),
    serving('config-autoscaler'),
    serving('config-defaults'),
    // The gateway and activator run in-process and drop an ending pod within milliseconds, so the
    // queue-proxy's drain need not wait its cluster default (15 s) before the pod can go.
    serving('config-deployment', { 'queue-sidecar-drain-quiet-period': '2s' }),
    serving('config-features'),
    serving('config-gc'),
    eventing('config-br-defaults', {
      // Upstream's shipped defaults, delivery included (10 retries, exponential from 200 ms).
      'default-br-config':
        'clusterDefault:\n  brokerClass: MTChannelBasedBroker\n  apiVersion: v1\n  kind: ConfigMap\n  name: config-br-default-channel\n  namespace: knative-eventing\n' +
        '  delivery:\n    retry: 10\n    backoffPolicy: exponential\n    backoffDelay: PT0.2S\n',
    }),
    eventing('config-br-default-channel', { 'channel-template-spec': 'apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\n' }),
    eventing('default-ch-webhook', { 'default-ch-config': 'clusterDefault:\n  apiVersion: messaging.knative.dev/v1\n  kind: InMemoryChannel\n' }),
    eventing('config-ping-defaults', { 'data-max-size': '-1' }),
    eventing('config-features', { 'delivery-timeout': 'enabled', 'delivery-retryafter': 'disabled' }),
  ];
}

/** The kourier Service of kourier-system as the local gateway's stand-in. */
export function kourierService(gatewayPort: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kourier', namespace: 'kourier-system', labels: { 'networking.knative.dev/ingress-provider': 'kourier' } },
    spec: {
      type: 'LoadBalancer',
      selector: { app: '3scale-kourier-gateway' },
      // The gateway's mirror pod (127.0.0.1) listens on the gateway port, so the Endpoints derived
      // from this selector point at the real gateway (a cluster's gateway pods listen on 8080).
      ports: [{ name: 'http2', port: 80, protocol: 'TCP', targetPort: gatewayPort, nodePort: gatewayPort }],
    },
  } as KubeObject;
}

async function createIfMissing(client: KubeClient, ref: Parameters<KubeClient['create']>[0], obj: KubeObject): Promise<KubeObject | undefined> {
  try {
    return await client.create(ref, obj);
  } catch (e) {
    if (isAlreadyExists(e)) return undefined;
    throw e;
  }
}

/**
 * The eventing data plane Services (selector-less, as in local mode the components run inside the
 * control plane; startEventing writes their Endpoints with its loopback ports). The gateway routes
 * their in-cluster host names, so `Host: broker-ingress.knative-eventing.svc.cluster.local` reaches
 * the broker ingress.
 */
export function eventingServices(): KubeObject[] {
  const svc = (name: string, app: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'knative-eventing', labels: { 'eventing.knative.dev/release': 'devel', 'app.kubernetes.io/component': app } },
    spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] },
  }) as KubeObject;
  return [svc('broker-ingress', 'broker-ingress'), svc('imc-dispatcher', 'imc-dispatcher')];
}

/** Creates the config maps and the kourier Service if they do not exist yet. */
export async function bootstrapLocalCluster(client: KubeClient, gatewayPort: number): Promise<void> {
  // The API server creates it at start; kept here so the eventing objects below never miss it.
  await createIfMissing(client, Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'knative-eventing' } } as KubeObject);
  await Promise.all(localConfigMaps().map((cm) =>
    createIfMissing(client, Resources.configMaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cm.name, namespace: cm.namespace }, data: cm.data } as KubeObject)));
  await Promise.all(eventingServices().map((s) => createIfMissing(client, Resources.services, s)));
  const svc = await createIfMissing(client, Resources.services, kourierService(gatewayPort));
  if (svc) {
    // The gateway listens on the host's loopback: that is the load balancer's address.
    await client.updateStatus(Resources.services, { ...svc, status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } } } as KubeObject);
  }
}
