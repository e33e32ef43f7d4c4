// The eventing admission hook (defaulting + upstream validation messages) and local mode's routing
// of in-cluster URLs to loopback.
import { AdmissionChain, type AdmissionRequest } from '../../../../src/lib/cluster/apiserver/admission.js';
import { registerEventingAdmission, type EventingAdmissionConfig } from '../../../../src/lib/eventing/admission.js';
import { DEFAULT_DELIVERY_FEATURES } from '../../../../src/lib/eventing/delivery/spec.js';
import { clusterServiceOf, localClusterRoute } from '../../../../src/lib/eventing/local-routing.js';
import { DEFAULT_BROKER_DEFAULTS } from '../../../../src/lib/eventing/resources/config.js';

const cfg: EventingAdmissionConfig = {
  brokerDefaults: () => DEFAULT_BROKER_DEFAULTS,
  defaultChannelData: () => undefined,
  features: () => DEFAULT_DELIVERY_FEATURES,
  pingDataMaxSize: () => -1,
};

function request(group: string, kind: string, object: unknown, oldObject?: unknown): AdmissionRequest {
  return { operation: oldObject ? 'UPDATE' : 'CREATE', group, version: 'v1', kind, resource: '', subresource: '', namespace: 'default', name: 'x', object, oldObject, dryRun: false };
}

describe('eventing admission', () => {
  const chain = new AdmissionChain();
  registerEventingAdmission(chain, cfg);

  it('defaults a Broker to MTChannelBasedBroker with the default channel config and delivery', async () => {
    const out = await chain.run(request('eventing.knative.dev', 'Broker', { metadata: { name: 'b', namespace: 'default' } }));
    expect(out.metadata.annotations['eventing.knative.dev/broker.class']).toBe('MTChannelBasedBroker');
    expect(out.spec.config).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'config-br-default-channel', namespace: 'knative-eventing' });
    expect(out.spec.delivery).toEqual({ retry: 10, backoffPolicy: 'exponential', backoffDelay: 'PT0.2S' });
  });

  it('defaults a Trigger (empty filter, subscriber namespace, broker label) and denies bad ones with upstream text', async () => {
    const ok = await chain.run(request('eventing.knative.dev', 'Trigger', {
      metadata: { name: 't', namespace: 'default' },
      spec: { broker: 'default', subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 's' } } },
    }));
    expect(ok.spec.filter).toEqual({});
    expect(ok.spec.subscriber.ref.namespace).toBe('default');
    expect(ok.metadata.labels['eventing.knative.dev/broker']).toBe('default');
    await expect(chain.run(request('eventing.knative.dev', 'Trigger', { metadata: { name: 't', namespace: 'default' }, spec: { broker: 'default', filter: { attributes: { Type: 'x' } }, subscriber: { uri: 'http://a.b' } } })))
      .rejects.toThrow('admission webhook "validation.webhook.eventing.knative.dev" denied the request: validation failed: invalid key name "Type": spec.filter.attributes[Type]');
  });

  it('denies a PingSource with a bad schedule and leaves status writes alone', async () => {
    await expect(chain.run(request('sources.knative.dev', 'PingSource', { metadata: { name: 'p' }, spec: { schedule: 'every minute', sink: { uri: 'http://a.b' } } })))
      .rejects.toThrow(/validation failed: invalid value: expected 5 to 6 fields, found 2: \[every minute\]: spec.schedule/);
    const status = { ...request('sources.knative.dev', 'PingSource', { metadata: { name: 'p' }, spec: { schedule: 'bad' } }), subresource: 'status' };
    await expect(chain.run(status)).resolves.toBeDefined();
  });

  it('fills a Channel template from default-ch-webhook', async () => {
    const out = await chain.run(request('messaging.knative.dev', 'Channel', { metadata: { name: 'c', namespace: 'default' }, spec: {} }));
    expect(out.spec.channelTemplate).toEqual({ apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' });
  });
});

describe('local routing of in-cluster URLs', () => {
  const route = localClusterRoute({
    gateway: { hostname: '127.0.0.1', port: 1 },
    brokerIngress: { hostname: '127.0.0.1', port: 2 },
    channelDispatcher: { hostname: '127.0.0.1', port: 3 },
  });
  it('sends the broker ingress and channels to their ports, other services to the gateway, the rest nowhere', () => {
    expect(route(new URL('http://broker-ingress.knative-eventing.svc.cluster.local/default/default'))?.port).toBe(2);
    expect(route(new URL('http://ch-kn-channel.default.svc.cluster.local'))?.port).toBe(3);
    expect(route(new URL('http://event-display.default.svc.cluster.local'))?.port).toBe(1);
    expect(route(new URL('http://event-display.default.svc'))?.port).toBe(1);
    expect(route(new URL('http://127.0.0.1:8080/'))).toBeUndefined();
    expect(route(new URL('http://example.com/'))).toBeUndefined();
  });
  it('splits service host names', () => {
    expect(clusterServiceOf('A.b.SVC.cluster.local.')).toEqual({ service: 'a', namespace: 'b' });
    expect(clusterServiceOf('a.b.c.svc.cluster.local')).toBeUndefined();
  });
});
