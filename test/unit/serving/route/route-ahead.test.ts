// The Route routes to a Configuration's latest created Revision as soon as that Revision is Ready,
// without waiting for the Configuration's status write (one hop less from Ready to first request).
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { makeConfigurationReconciler } from '../../../../src/lib/serving/configuration/reconciler.js';
import { ServingResources as R } from '../../../../src/lib/serving/resources.js';
import { makeRouteReconciler } from '../../../../src/lib/serving/route/reconciler.js';
import { makeServiceReconciler } from '../../../../src/lib/serving/service/reconciler.js';
import type { Configuration, Revision, Route, Service } from '../../../../src/lib/serving/types.js';
import { defaultAndValidate } from '../../../../src/lib/serving/webhook/index.js';

const now = new Date('2026-12-02T15:00:00Z');
const config = parseServingConfig({ 'config-domain': { 'example.com': '' } });

async function setup() {
  const client = new FakeKubeClient(() => now);
  const deps = { client, config: () => config, now: () => now };
  const svc: Service = { metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: '', image: 'helloworld-go' }] } } } };
  const { object } = defaultAndValidate('Service', svc, undefined, config, { username: 'alice' });
  await client.create(R.services, object as unknown as KubeObject);
  await makeServiceReconciler(deps)('default/hello');
  await makeConfigurationReconciler(deps)('default/hello');
  const setRevisionReady = async (status: 'True' | 'Unknown' | 'False', label = 'hello') => {
    const rev = client.peek<KubeObject & Revision>(R.revisions, 'default', 'hello-00001')!;
    rev.metadata.labels = { ...rev.metadata.labels, 'serving.knative.dev/configuration': label };
    await client.update(R.revisions, rev);
    const fresh = client.peek<KubeObject & Revision>(R.revisions, 'default', 'hello-00001')!;
    fresh.status = { ...fresh.status, conditions: [{ type: 'Ready', status }] };
    await client.updateStatus(R.revisions, fresh);
  };
  return { client, route: makeRouteReconciler(deps), setRevisionReady };
}

describe('route reconciler ahead of the configuration', () => {
  it('programs the ingress for the latest created revision once it is Ready', async () => {
    const { client, route, setRevisionReady } = await setup();
    expect(client.peek<KubeObject & Configuration>(R.configurations, 'default', 'hello')!.status?.latestReadyRevisionName).toBeUndefined();
    await setRevisionReady('True');
    await route('default/hello');
    const rt = client.peek<KubeObject & Route>(R.routes, 'default', 'hello')!;
    expect(rt.status?.traffic).toEqual([{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }]);
    expect(client.peek(R.ingresses, 'default', 'hello')).toBeDefined();
  });

  it('waits while the latest created revision is not Ready', async () => {
    const { client, route, setRevisionReady } = await setup();
    await setRevisionReady('Unknown');
    await route('default/hello');
    expect(client.peek<KubeObject & Route>(R.routes, 'default', 'hello')!.status?.conditions?.find((c) => c.type === 'AllTrafficAssigned')?.status).toBe('Unknown');
    expect(client.peek(R.ingresses, 'default', 'hello')).toBeUndefined();
  });

  it('ignores a ready revision of another configuration', async () => {
    const { client, route, setRevisionReady } = await setup();
    await setRevisionReady('True', 'other');
    await route('default/hello');
    expect(client.peek(R.ingresses, 'default', 'hello')).toBeUndefined();
  });
});
