// Walks a Service through its whole lifecycle with the four reconcilers on the in-memory client,
// standing in for the autoscaler (PA status) and the gateway (KIngress status) by hand.
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { Resources } from '../../../../src/lib/controller/resources.js';
import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { makeConfigurationReconciler } from '../../../../src/lib/serving/configuration/reconciler.js';
import { ServingResources as R } from '../../../../src/lib/serving/resources.js';
import { makeRevisionReconciler } from '../../../../src/lib/serving/revision/reconciler.js';
import { makeRouteReconciler } from '../../../../src/lib/serving/route/reconciler.js';
import { makeServiceReconciler } from '../../../../src/lib/serving/service/reconciler.js';
import type { Configuration, PodAutoscaler, Revision, Route, Service } from '../../../../src/lib/serving/types.js';
import { defaultAndValidate } from '../../../../src/lib/serving/webhook/index.js';

const now = new Date('2026-11-23T18:00:00Z');
const config = parseServingConfig({ 'config-domain': { 'example.com': '' }, 'config-network': { 'ingress-class': 'kourier.ingress.networking.knative.dev' } });

function setup() {
  const client = new FakeKubeClient(() => now);
  const deps = { client, config: () => config, now: () => now };
  const rec = {
    service: makeServiceReconciler(deps),
    configuration: makeConfigurationReconciler(deps),
    revision: makeRevisionReconciler(deps),
    route: makeRouteReconciler(deps),
  };
  const get = <T,>(ref: (typeof R)[keyof typeof R], name: string) => client.peek(ref, 'default', name) as unknown as T;
  const ready = (obj: { status?: { conditions?: { type: string; status: string }[] } } | undefined) =>
    obj?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  return { client, rec, get, ready };
}

function service(image: string): Service {
  const svc: Service = {
    metadata: { name: 'hello', namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: '', image, env: [{ name: 'TARGET', value: 'World' }] }] } } },
  };
  const { object, errors } = defaultAndValidate('Service', svc, undefined, config, { username: 'alice' });
  expect(errors).toEqual([]);
  return object;
}

/** Plays the autoscaler: the PA reports an initialized, active scale target. */
async function activatePA(client: FakeKubeClient, name: string) {
  const pa = client.peek<KubeObject & PodAutoscaler>(R.podAutoscalers, 'default', name)!;
  pa.status = {
    serviceName: name,
    actualScale: 1,
    desiredScale: 1,
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'Active', status: 'True' },
      { type: 'ScaleTargetInitialized', status: 'True' },
      { type: 'SKSReady', status: 'True' },
    ],
  };
  await client.updateStatus(R.podAutoscalers, pa);
}

/** Plays the gateway: the KIngress is ready for its current generation. */
async function readyIngress(client: FakeKubeClient) {
  const ing = client.peek<KubeObject & { status?: unknown }>(R.ingresses, 'default', 'hello')!;
  ing.status = {
    observedGeneration: ing.metadata?.generation,
    conditions: [{ type: 'Ready', status: 'True' }],
    privateLoadBalancer: { ingress: [{ domainInternal: 'kourier-internal.kourier-system.svc.cluster.local' }] },
  };
  await client.updateStatus(R.ingresses, ing);
}

describe('serving reconcilers', () => {
  it('take a Service from creation to Ready, then roll out a second revision', async () => {
    const { client, rec, get, ready } = setup();
    await client.create(R.services, service('helloworld-go') as unknown as KubeObject);

    await rec.service('default/hello');
    const cfg = get<Configuration>(R.configurations, 'hello');
    const route = get<Route>(R.routes, 'hello');
    expect(cfg.metadata.annotations?.['serving.knative.dev/routes']).toBe('hello');
    expect(route.spec.traffic).toEqual([{ latestRevision: true, percent: 100, configurationName: 'hello' }]);

    await rec.configuration('default/hello');
    const rev1 = get<Revision>(R.revisions, 'hello-00001');
    expect(rev1.metadata.labels?.['serving.knative.dev/routingState']).toBe('active');
    expect(get<Configuration>(R.configurations, 'hello').status?.latestCreatedRevisionName).toBe('hello-00001');

    await rec.revision('default/hello-00001');
    expect(client.peek(R.deployments, 'default', 'hello-00001-deployment')).toBeDefined();
    expect(ready(get<Revision>(R.revisions, 'hello-00001'))).toBe('Unknown');

    await activatePA(client, 'hello-00001');
    await rec.revision('default/hello-00001');
    expect(ready(get<Revision>(R.revisions, 'hello-00001'))).toBe('True');

    await rec.configuration('default/hello');
    expect(get<Configuration>(R.configurations, 'hello').status?.latestReadyRevisionName).toBe('hello-00001');
    expect(ready(get<Configuration>(R.configurations, 'hello'))).toBe('True');

    await rec.route('default/hello');
    expect(get<Route>(R.routes, 'hello').status?.conditions?.find((c) => c.type === 'IngressReady')?.reason).toBe('IngressNotConfigured');
    await readyIngress(client);
    await rec.route('default/hello');
    const rt = get<Route>(R.routes, 'hello');
    expect(ready(rt)).toBe('True');
    expect(rt.status?.url).toBe('http://hello.default.example.com');
    expect(rt.status?.traffic).toEqual([{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }]);
    expect(client.peek(R.k8sServices, 'default', 'hello')).toMatchObject({ spec: { type: 'ExternalName' } });

    await rec.service('default/hello');
    const svc = get<Service>(R.services, 'hello');
    expect(ready(svc)).toBe('True');
    expect(svc.status).toMatchObject({
      url: 'http://hello.default.example.com',
      address: { url: 'http://hello.default.svc.cluster.local' },
      latestCreatedRevisionName: 'hello-00001',
      latestReadyRevisionName: 'hello-00001',
      observedGeneration: 1,
    });

    // kubectl describe shows what was created and when the latest ready revision moved.
    const events = (await client.list(Resources.events, 'default')).items as unknown as { involvedObject: { kind: string }; reason: string; message: string; source: { component: string } }[];
    expect(events.map((e) => [e.involvedObject.kind, e.source.component, e.reason, e.message])).toEqual([
      ['Service', 'service-controller', 'Created', 'Created Configuration "hello"'],
      ['Service', 'service-controller', 'Created', 'Created Route "hello"'],
      ['Configuration', 'configuration-controller', 'Created', 'Created Revision "hello-00001"'],
      ['Configuration', 'configuration-controller', 'LatestReadyUpdate', 'LatestReadyRevisionName updated to "hello-00001"'],
    ]);

    // A steady state writes nothing.
    const before = client.calls.length;
    await rec.service('default/hello');
    await rec.route('default/hello');
    await rec.configuration('default/hello');
    await rec.revision('default/hello-00001');
    expect(client.calls.slice(before)).toEqual([]);

    // Fields other controllers or the API server add to a Deployment do not cause a fight.
    const dep = client.peek<KubeObject & { spec: Record<string, unknown> }>(R.deployments, 'default', 'hello-00001-deployment')!;
    dep.metadata!.annotations = { ...dep.metadata!.annotations, 'deployment.kubernetes.io/revision': '1' };
    dep.spec.revisionHistoryLimit = 10;
    dep.spec.replicas = 3;
    await client.update(R.deployments, dep);
    const mark = client.calls.length;
    await rec.revision('default/hello-00001');
    expect(client.calls.slice(mark)).toEqual([]);

    // New template ⇒ hello-00002; traffic moves once it is ready and hello-00001 goes to reserve.
    const updated = get<Service>(R.services, 'hello');
    updated.spec.template.spec.containers![0].image = 'helloworld-go:v2';
    await client.update(R.services, updated as unknown as KubeObject);
    await rec.service('default/hello');
    expect(get<Service>(R.services, 'hello').status?.conditions?.find((c) => c.type === 'ConfigurationsReady')?.reason).toBe('OutOfDate');
    await rec.configuration('default/hello');
    await rec.route('default/hello');
    expect(get<Revision>(R.revisions, 'hello-00002').metadata.labels?.['serving.knative.dev/routingState']).toBe('active');
    await rec.revision('default/hello-00002');
    await activatePA(client, 'hello-00002');
    await rec.revision('default/hello-00002');
    await rec.configuration('default/hello');
    await rec.route('default/hello');
    await readyIngress(client);
    await rec.route('default/hello');
    await rec.service('default/hello');
    const svc2 = get<Service>(R.services, 'hello');
    expect(ready(svc2)).toBe('True');
    expect(svc2.status?.traffic).toEqual([{ revisionName: 'hello-00002', latestRevision: true, percent: 100 }]);
    const old = get<Revision>(R.revisions, 'hello-00001');
    expect(old.metadata.labels?.['serving.knative.dev/routingState']).toBe('reserve');
    expect(old.metadata.annotations?.['serving.knative.dev/routes']).toBeUndefined();
  });

  it('reports a crashing revision on the Service', async () => {
    const { client, rec, get, ready } = setup();
    await client.create(R.services, service('crasher') as unknown as KubeObject);
    await rec.service('default/hello');
    await rec.configuration('default/hello');
    await rec.revision('default/hello-00001');
    const rev = get<Revision>(R.revisions, 'hello-00001');
    await client.create(R.pods, {
      metadata: { name: 'hello-00001-deployment-abc', namespace: 'default', labels: { 'serving.knative.dev/revisionUID': rev.metadata.uid ?? '' } },
      spec: { containers: [] },
      status: { containerStatuses: [{ name: 'user-container', lastState: { terminated: { exitCode: 2, message: 'boom' } } }] },
    });
    await rec.revision('default/hello-00001');
    expect(get<Revision>(R.revisions, 'hello-00001').status?.conditions?.find((c) => c.type === 'ContainerHealthy')).toMatchObject({
      status: 'False',
      reason: 'ExitCode2',
      message: 'Container failed with: boom',
    });
    await rec.configuration('default/hello');
    await rec.service('default/hello');
    const svc = get<Service>(R.services, 'hello');
    expect(ready(svc)).toBe('False');
    expect(svc.status?.conditions?.find((c) => c.type === 'Ready')?.message).toBe(
      'Revision "hello-00001" failed with message: Container failed with: boom.',
    );
  });

  it('marks a Configuration it does not own as NotOwned', async () => {
    const { client, rec, get } = setup();
    await client.create(R.configurations, { metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: {} } } });
    await client.create(R.services, service('x') as unknown as KubeObject);
    await rec.service('default/hello');
    expect(get<Service>(R.services, 'hello').status?.conditions?.find((c) => c.type === 'ConfigurationsReady')).toMatchObject({
      status: 'False',
      reason: 'NotOwned',
    });
  });

  it('refuses to route to a BYO revision name taken by another Revision', async () => {
    const { client, rec, get } = setup();
    await client.create(R.revisions, { metadata: { name: 'hello-v1', namespace: 'default' }, spec: { containers: [{ image: 'other' }] } });
    const svc = service('x');
    svc.spec.template.metadata = { name: 'hello-v1' };
    await client.create(R.services, svc as unknown as KubeObject);
    await rec.service('default/hello');
    expect(get<Service>(R.services, 'hello').status?.conditions?.find((c) => c.type === 'RoutesReady')).toMatchObject({
      status: 'False',
      reason: 'RevisionNameTaken',
      message: 'The revision name "hello-v1" is taken by a conflicting Revision, so traffic will not be migrated',
    });
    expect(client.peek(R.routes, 'default', 'hello')).toBeUndefined();
  });

  it('fails a Configuration whose BYO revision name belongs to someone else', async () => {
    const { client, rec, get } = setup();
    await client.create(R.revisions, { metadata: { name: 'cfg-v1', namespace: 'default' }, spec: { containers: [{ image: 'other' }] } });
    const c = defaultAndValidate('Configuration', {
      metadata: { name: 'cfg', namespace: 'default' },
      spec: { template: { metadata: { name: 'cfg-v1' }, spec: { containers: [{ image: 'mine' }] } } },
    } as Configuration, undefined, config).object;
    await client.create(R.configurations, c as unknown as KubeObject);
    await rec.configuration('default/cfg');
    expect(get<Configuration>(R.configurations, 'cfg').status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'RevisionFailed',
      message: 'Revision creation failed with message: revisions.serving.knative.dev "cfg-v1" already exists.',
    });
    expect(client.peek<KubeObject>(R.revisions, 'default', 'cfg-v1')?.spec).toEqual({ containers: [{ image: 'other' }] });
  });
});
