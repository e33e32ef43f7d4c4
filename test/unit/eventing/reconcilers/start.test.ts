// startEventing on the in-memory API client: the reconcilers bring Brokers, Triggers, Channels,
// Subscriptions and PingSources to Ready, program the data plane tables, stay quiet in steady
// state and clean up after deletes. Deliveries go to a recording fake sender.
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import { InformerFactory } from '../../../../src/lib/controller/informer-factory.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { Resources } from '../../../../src/lib/controller/resources.js';
import type { Sender } from '../../../../src/lib/eventing/delivery/sender.js';
import { EventingResources as R } from '../../../../src/lib/eventing/resources/kinds.js';
import { startEventing, type Eventing } from '../../../../src/lib/eventing/start.js';
import { SUBSCRIPTION_FINALIZER } from '../../../../src/lib/eventing/reconcilers/subscription.js';
import { ServingResources } from '../../../../src/lib/serving/resources.js';

type Obj = KubeObject & { status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[]; [k: string]: unknown }; spec?: any };

const ready = (o: Obj | undefined) => o?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const cond = (o: Obj | undefined, type: string) => o?.status?.conditions?.find((c) => c.type === type);

let client: FakeKubeClient;
let informers: InformerFactory;
let eventing: Eventing;
const sent: string[] = [];
const sender: Sender = async (url) => {
  sent.push(url);
  return { status: 202, headers: {}, body: Buffer.alloc(0) };
};

async function settle(until: () => boolean = () => false): Promise<void> {
  for (let round = 0; round < 100; round++) {
    await new Promise((r) => setImmediate(r));
    await Promise.all(eventing.controllers.map((c) => c.whenIdle()));
    if (until()) return;
  }
}

const peek = (ref: typeof R.brokers, name: string, ns = 'default') => client.peek<Obj>(ref, ns, name);

beforeEach(async () => {
  client = new FakeKubeClient(() => new Date('2026-12-01T00:00:00Z'));
  informers = new InformerFactory(client);
  eventing = await startEventing({ client, informers, sender });
  sent.length = 0;
});

afterEach(async () => {
  await eventing.stop();
  informers.stop();
});

describe('startEventing reconcilers', () => {
  it('makes a Broker ready behind its trigger channel and a Trigger ready with its resolved subscriber', async () => {
    await client.create(R.brokers, { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'default', namespace: 'default' }, spec: {} });
    await client.create(ServingResources.services, {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'display', namespace: 'default' },
      status: { address: { url: 'http://display.default.svc.cluster.local' } },
    } as KubeObject);
    await client.create(R.triggers, {
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'default' },
      spec: { broker: 'default', filter: { attributes: { type: 'dev.example' } }, subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'display' } } },
    } as KubeObject);
    await settle(() => ready(peek(R.triggers, 't')) === 'True');

    const broker = peek(R.brokers, 'default');
    expect(ready(broker)).toBe('True');
    expect((broker?.status as any).address).toEqual({ name: 'http', url: 'http://broker-ingress.knative-eventing.svc.cluster.local/default/default' });
    expect((broker?.status as any).annotations['knative.dev/channelName']).toBe('default-kne-trigger');
    const imc = peek(R.inMemoryChannels, 'default-kne-trigger');
    expect(ready(imc)).toBe('True');
    expect(client.peek(Resources.services, 'default', 'default-kne-trigger-kn-channel')).toBeDefined();

    const trigger = peek(R.triggers, 't');
    expect(trigger?.status?.subscriberUri).toBe('http://display.default.svc.cluster.local');
    const subName = `default-t-${trigger?.metadata?.uid}`;
    expect(ready(peek(R.subscriptions, subName))).toBe('True');
    expect(eventing.brokerPlane.table.getBroker('default', 'default')).toBeDefined();
    expect(eventing.brokerPlane.table.triggersOf('default', 'default').map((t) => t.subscriberUri)).toEqual(['http://display.default.svc.cluster.local']);

    // Steady state: another pass writes nothing.
    const writes = client.calls.length;
    for (const c of eventing.controllers) for (const o of [broker, trigger]) c.enqueueObject(o as KubeObject);
    await settle();
    expect(client.calls.slice(writes)).toEqual([]);

    // Deleting the trigger takes it out of the data plane.
    await client.delete(R.triggers, 'default', 't');
    await settle(() => eventing.brokerPlane.table.triggersOf('default', 'default').length === 0);
    expect(eventing.brokerPlane.table.triggersOf('default', 'default')).toEqual([]);

    // Deleting the broker unregisters it from the ingress (its channel goes with the owner).
    await client.delete(R.brokers, 'default', 'default');
    await settle(() => eventing.brokerPlane.table.getBroker('default', 'default') === undefined);
    expect(eventing.brokerPlane.table.getBroker('default', 'default')).toBeUndefined();
  });

  it('reports a missing broker and an unresolvable subscriber, then recovers when they appear', async () => {
    await client.create(R.triggers, {
      apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'default' },
      spec: { broker: 'b', filter: {}, subscriber: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'later', namespace: 'default' } } },
    } as KubeObject);
    await settle(() => cond(peek(R.triggers, 't'), 'BrokerReady') !== undefined);
    const t = peek(R.triggers, 't');
    expect(cond(t, 'BrokerReady')).toMatchObject({ status: 'False', reason: 'BrokerDoesNotExist', message: 'Broker "b" does not exist' });
    expect(cond(t, 'SubscriberResolved')).toMatchObject({ status: 'False', reason: "Unable to get the Subscriber's URI", message: 'failed to get object default/later: service "later" not found' });

    await client.create(R.brokers, { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b', namespace: 'default' }, spec: {} });
    await client.create(ServingResources.services, {
      apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'later', namespace: 'default' },
      status: { address: { url: 'http://later.default.svc.cluster.local' } },
    } as KubeObject);
    await settle(() => ready(peek(R.triggers, 't')) === 'True');
    expect(peek(R.triggers, 't')?.status?.subscriberUri).toBe('http://later.default.svc.cluster.local');
  });

  it('backs a Channel with an InMemoryChannel; a Subscription adds itself and leaves on delete', async () => {
    await client.create(R.channels, {
      apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', metadata: { name: 'ch', namespace: 'default' },
      spec: { channelTemplate: { apiVersion: 'messaging.knative.dev/v1', kind: 'InMemoryChannel' } },
    } as KubeObject);
    await client.create(R.subscriptions, {
      apiVersion: 'messaging.knative.dev/v1', kind: 'Subscription', metadata: { name: 's', namespace: 'default' },
      spec: { channel: { apiVersion: 'messaging.knative.dev/v1', kind: 'Channel', name: 'ch' }, subscriber: { uri: 'http://127.0.0.1:9/sink' } },
    } as KubeObject);
    await settle(() => ready(peek(R.subscriptions, 's')) === 'True');

    const ch = peek(R.channels, 'ch');
    expect(ready(ch)).toBe('True');
    expect((ch?.status as any).address.url).toBe('http://ch-kn-channel.default.svc.cluster.local');
    const sub = peek(R.subscriptions, 's');
    expect(sub?.metadata?.finalizers).toEqual([SUBSCRIPTION_FINALIZER]);
    expect((sub?.status as any).physicalSubscription).toEqual({ subscriberUri: 'http://127.0.0.1:9/sink' });
    expect(eventing.channelDispatcher.table.get('default', 'ch')?.subscribers.map((s) => s.subscriberUri)).toEqual(['http://127.0.0.1:9/sink']);

    await client.delete(R.subscriptions, 'default', 's');
    await settle(() => peek(R.subscriptions, 's') === undefined && (eventing.channelDispatcher.table.get('default', 'ch')?.subscribers.length ?? 1) === 0);
    expect(peek(R.subscriptions, 's')).toBeUndefined();
    expect(peek(R.channels, 'ch')?.spec?.subscribers).toBeUndefined();
    expect(eventing.channelDispatcher.table.get('default', 'ch')?.subscribers).toEqual([]);
  });

  it('programs the ping adapter from a PingSource and stops it on delete', async () => {
    await client.create(R.pingSources, {
      apiVersion: 'sources.knative.dev/v1', kind: 'PingSource', metadata: { name: 'p', namespace: 'default' },
      spec: { schedule: '* * * * *', data: 'hi', sink: { uri: 'http://127.0.0.1:9/' } },
    } as KubeObject);
    await settle(() => ready(peek(R.pingSources, 'p')) === 'True');
    expect(peek(R.pingSources, 'p')?.status?.sinkUri).toBe('http://127.0.0.1:9/');
    expect(eventing.pingAdapter.size).toBe(1);
    await client.delete(R.pingSources, 'default', 'p');
    await settle(() => eventing.pingAdapter.size === 0);
    expect(eventing.pingAdapter.size).toBe(0);
  });
});
