// Behaviour: startNetworking against the real API server. KIngresses and plain Services created
// through the API reach real loopback HTTP servers through the gateway, and KIngress status is
// reported once the gateway serves the Ingress's generation.
import type { KubeClient } from '../../src/lib/controller/client.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import { InformerFactory } from '../../src/lib/controller/informer-factory.js';
import type { Informer } from '../../src/lib/controller/informer.js';
import type { ConfigMap, Endpoints, Service } from '../../src/lib/controller/kinds.js';
import { Resources } from '../../src/lib/controller/resources.js';
import { KOURIER_PRIVATE_LB, KOURIER_PUBLIC_LB } from '../../src/lib/networking/ingress-reconciler.js';
import type { IngressObject } from '../../src/lib/networking/route-programmer.js';
import { startNetworking, type Networking } from '../../src/lib/networking/start.js';
import type { IngressPath, RouteTable } from '../../src/lib/networking/types.js';
import { ServingResources } from '../../src/lib/serving/resources.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { kingress, split } from '../unit/networking/fixtures.js';
import { send, startEchoBackend, type Backend } from '../unit/networking/loopback.js';

const ns = 'default';
const INGRESS = ServingResources.ingresses;

/** Resolves once an informer's cached object under `key` satisfies `ok` (checked on every change). */
function cached<T extends IngressObject>(inf: Informer<T>, key: string, ok: (o: T) => boolean, limitMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new Error(`${key}: condition not met within ${limitMs} ms; last: ${JSON.stringify(inf.getByKey(key)?.status)}`));
    }, limitMs);
    const check = (): void => {
      const o = inf.getByKey(key);
      if (done || o === undefined || !ok(o)) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    inf.onChange(check);
    check();
  });
}

/** Waits (bounded, in-process, no API calls) until the gateway's table satisfies `ok`. */
async function programmed(net: Networking, ok: (t: RouteTable) => boolean, limitMs = 5000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!ok(net.gateway.routes())) {
    if (Date.now() > end) throw new Error(`route table condition not met within ${limitMs} ms`);
    await new Promise<void>((r) => setImmediate(r));
  }
}

const hasHost = (host: string) => (t: RouteTable) => t.external.has(host) || t.internal.has(host);
const readyStatus = (o: IngressObject) => o.status?.conditions?.find((c) => c.type === 'Ready')?.status;

/** A revision-like Service without selector plus hand-made Endpoints pointing at one backend. */
async function exposeBackend(client: KubeClient, name: string, backend: Backend): Promise<void> {
  await client.create<Service>(Resources.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { ports: [{ name: 'http', port: 80, targetPort: backend.port as never }] },
  });
  await client.create<Endpoints>(Resources.endpoints, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: ns },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: backend.port }] }],
  });
}

describe('networking component (real API server)', () => {
  let cluster: TestCluster;
  let client: KubeClient;
  let informers: InformerFactory;
  let net: Networking;
  let ingresses: Informer<IngressObject>;
  const backends: Backend[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster();
    client = createKubeClient(cluster.kubeConfig);
    informers = new InformerFactory(client);
    net = await startNetworking({ client, informers, gatewayPort: 0 });
    ingresses = informers.for<IngressObject>(INGRESS);
    for (const name of ['rev-1', 'rev-2']) {
      const b = await startEchoBackend(name);
      backends.push(b);
      await exposeBackend(client, `hello-${name}`, b);
    }
  });
  afterAll(async () => {
    await net?.stop();
    informers?.stop();
    for (const b of backends) await b.close();
    await cluster?.stop();
  });

  const paths = (p1: number, p2: number): IngressPath[] => [{ splits: [split('hello-rev-1', p1), split('hello-rev-2', p2)].filter((s) => s.percent! > 0) }];

  it('routes a KIngress host to its Service endpoints and reports Ready with the Kourier load balancers', async () => {
    await client.create(INGRESS, kingress('hello', paths(100, 0)) as never);
    const ing = await cached(ingresses, `${ns}/hello`, (o) => readyStatus(o) === 'True');
    expect(ing.status).toMatchObject({
      observedGeneration: 1,
      publicLoadBalancer: { ingress: [{ domainInternal: KOURIER_PUBLIC_LB }] },
      privateLoadBalancer: { ingress: [{ domainInternal: KOURIER_PRIVATE_LB }] },
    });
    expect(ing.status?.conditions?.map((c) => [c.type, c.status]).sort()).toEqual([
      ['LoadBalancerReady', 'True'],
      ['NetworkConfigured', 'True'],
      ['Ready', 'True'],
    ]);
    for (const host of ['hello.default.example.com', 'hello.default.svc.cluster.local']) {
      const r = await send(net.port, { host });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toMatchObject({ name: 'rev-1', headers: { 'knative-serving-revision': 'hello-rev-1' } });
    }
    expect((await send(net.port, { host: 'nope.default.example.com' })).status).toBe(404);
  });

  it('follows weight and tag updates, reporting the new generation only once it is served', async () => {
    const current = await client.get<IngressObject>(INGRESS, ns, 'hello');
    const next = kingress('hello', [
      ...paths(0, 100),
      { headers: { 'Knative-Serving-Tag': { exact: 'v1' } }, splits: [split('hello-rev-1', 100)] },
    ]);
    next.spec.rules!.push({ hosts: ['v1-hello.default.example.com'], visibility: 'ExternalIP', http: { paths: [{ splits: [split('hello-rev-1', 100)] }] } });
    const updated = await client.update<IngressObject>(INGRESS, { ...current, spec: next.spec } as IngressObject);
    const gen = updated.metadata.generation!;
    expect(gen).toBeGreaterThan(1);
    await cached(ingresses, `${ns}/hello`, (o) => o.status?.observedGeneration === gen && readyStatus(o) === 'True');
    // The status for `gen` is written only after the table with `gen` was swapped in.
    expect(net.gateway.routes().ingresses.find((r) => r.key === `${ns}/hello`)?.generation).toBe(gen);

    for (let i = 0; i < 5; i++) expect(JSON.parse((await send(net.port, { host: 'hello.default.example.com' })).body).name).toBe('rev-2');
    const tagged = await send(net.port, { host: 'hello.default.example.com', headers: { 'Knative-Serving-Tag': 'v1' } });
    expect(JSON.parse(tagged.body).name).toBe('rev-1');
    expect(JSON.parse((await send(net.port, { host: 'v1-hello.default.example.com' })).body).name).toBe('rev-1');
  });

  it('follows Endpoints changes: no ready endpoints answers 503, restored endpoints answer again', async () => {
    const ep = await client.get<Endpoints>(Resources.endpoints, ns, 'hello-rev-1');
    await client.update<Endpoints>(Resources.endpoints, { ...ep, subsets: [] });
    await programmed(net, (t) => t.external.get('v1-hello.default.example.com')?.routes[0]?.splits[0]?.target.endpoints.length === 0);
    const r = await send(net.port, { host: 'v1-hello.default.example.com' });
    expect(r.status).toBe(503);
    expect(r.body).toBe('no healthy upstream');
    const again = await client.get<Endpoints>(Resources.endpoints, ns, 'hello-rev-1');
    await client.update<Endpoints>(Resources.endpoints, { ...again, subsets: ep.subsets });
    await programmed(net, (t) => t.external.get('v1-hello.default.example.com')?.routes[0]?.splits[0]?.target.endpoints.length === 1);
    expect((await send(net.port, { host: 'v1-hello.default.example.com' })).status).toBe(200);
  });

  it('serves plain Services on <svc>.<ns>.svc.cluster.local (the cluster DNS stand-in)', async () => {
    const r = await send(net.port, { host: 'hello-rev-2.default.svc.cluster.local' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).name).toBe('rev-2');
    // Absolute-form target: the gateway works as an HTTP proxy for in-cluster URLs.
    const p = await send(net.port, { host: 'ignored', path: 'http://hello-rev-1.default.svc.cluster.local/x' });
    expect(JSON.parse(p.body)).toMatchObject({ name: 'rev-1', url: '/x' });
  });

  it('marks the younger of two Ingresses claiming one host DomainConflict', async () => {
    // Same hosts as "hello"; its name also sorts after it, should both be stamped in the same second.
    const copycat = kingress('hello', paths(100, 0));
    copycat.metadata.name = 'younger';
    await client.create(INGRESS, copycat as never);
    const ing = await cached(ingresses, `${ns}/younger`, (o) => readyStatus(o) === 'False');
    expect(ing.status?.conditions?.find((c) => c.type === 'LoadBalancerReady')).toMatchObject({ status: 'False', reason: 'DomainConflict' });
    // The older Ingress keeps its host.
    expect(JSON.parse((await send(net.port, { host: 'hello.default.svc.cluster.local' })).body).name).toBe('rev-2');
  });

  it('ignores Ingresses of another class, and follows config-network ingress-class', async () => {
    const other = kingress('istio-one', paths(100, 0), { domain: 'istio.example' });
    other.metadata.annotations = { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' };
    await client.create(INGRESS, other as never);
    const unannotated = kingress('plain-one', paths(100, 0), { domain: 'plain.example' });
    await client.create(INGRESS, unannotated as never);
    await cached(ingresses, `${ns}/plain-one`, (o) => readyStatus(o) === 'True');
    expect(net.gateway.routes().external.has('istio-one.default.istio.example')).toBe(false);
    expect(ingresses.getByKey(`${ns}/istio-one`)?.status?.conditions).toBeUndefined();

    // Switching the default class to Istio's drops unannotated Ingresses from the gateway.
    await ensureNamespace(client, 'knative-serving');
    await client.create<ConfigMap>(Resources.configMaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-network', namespace: 'knative-serving' },
      data: { 'ingress-class': 'istio.ingress.networking.knative.dev' },
    });
    await programmed(net, (t) => !t.external.has('plain-one.default.plain.example'));
    expect((await send(net.port, { host: 'plain-one.default.plain.example' })).status).toBe(404);
    expect(net.gateway.routes().external.has('istio-one.default.istio.example')).toBe(false);

    // Without config-network the default is Kourier's again.
    await client.delete(Resources.configMaps, 'knative-serving', 'config-network');
    await programmed(net, (t) => t.external.has('plain-one.default.plain.example'));
    expect((await send(net.port, { host: 'plain-one.default.plain.example' })).status).toBe(200);
  });

  it('hands a freed host to the Ingress that lost it, then stops routing deleted Ingresses (404)', async () => {
    await client.delete(INGRESS, ns, 'hello');
    // No event touches "younger": its status flips because the table swap changed its outcome.
    await cached(ingresses, `${ns}/younger`, (o) => readyStatus(o) === 'True');
    expect(JSON.parse((await send(net.port, { host: 'hello.default.example.com' })).body).name).toBe('rev-1');
    await client.delete(INGRESS, ns, 'younger');
    await programmed(net, (t) => !hasHost('hello.default.example.com')(t));
    expect((await send(net.port, { host: 'hello.default.example.com' })).status).toBe(404);
    expect((await send(net.port, { host: 'v1-hello.default.example.com' })).status).toBe(404);
  });
});

async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create(Resources.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch {
    /* already there */
  }
}
