// The serving controllers on shared informers over the in-memory client: a Service fans out into
// its children without any reconcile being called by hand.
import { FakeKubeClient } from '../../../../src/lib/controller/fake-client.js';
import { InformerFactory } from '../../../../src/lib/controller/informer-factory.js';
import type { KubeObject } from '../../../../src/lib/controller/objects.js';
import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { ServingConfigStore } from '../../../../src/lib/serving/config-store.js';
import { makeServingControllers } from '../../../../src/lib/serving/controllers.js';
import { ServingResources as R } from '../../../../src/lib/serving/resources.js';
import type { Service } from '../../../../src/lib/serving/types.js';
import { defaultAndValidate } from '../../../../src/lib/serving/webhook/index.js';

const now = new Date('2026-11-23T18:00:00Z');

describe('makeServingControllers', () => {
  it('creates Configuration, Route, Revision, Deployment and PodAutoscaler for a Service', async () => {
    const client = new FakeKubeClient(() => now);
    const config = parseServingConfig({ 'config-domain': { 'example.com': '' } });
    const factory = new InformerFactory(client);
    const ctrls = makeServingControllers(factory, { client, config: () => config, now: () => now });
    const all = [ctrls.service, ctrls.configuration, ctrls.revision, ctrls.route];
    await factory.start();
    all.forEach((c) => c.start());
    try {
      const svc: Service = { metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers: [{ name: '', image: 'img' }] } } } };
      await client.create(R.services, defaultAndValidate('Service', svc, undefined, config).object as unknown as KubeObject);
      // Settle: watch events are delivered as microtasks, so alternate yielding and draining queues.
      for (let round = 0; round < 50; round++) {
        await new Promise((r) => setImmediate(r));
        await Promise.all(all.map((c) => c.whenIdle()));
        if (client.peek(R.revisions, 'default', 'hello-00001') && client.peek(R.podAutoscalers, 'default', 'hello-00001')) break;
      }
      expect(client.peek(R.configurations, 'default', 'hello')).toBeDefined();
      expect(client.peek(R.routes, 'default', 'hello')).toBeDefined();
      expect(client.peek(R.deployments, 'default', 'hello-00001-deployment')).toBeDefined();
      expect(client.peek(R.podAutoscalers, 'default', 'hello-00001')).toBeDefined();
      // Nothing is ready yet (no autoscaler here), so the Route waits for a Revision.
      const route = client.peek<KubeObject & { status?: { conditions?: { type: string; reason?: string }[] } }>(R.routes, 'default', 'hello');
      expect(route?.status?.conditions?.find((c) => c.type === 'AllTrafficAssigned')?.reason).toBe('RevisionMissing');
    } finally {
      await Promise.all(all.map((c) => c.stop()));
      factory.stop();
    }
  });
});

describe('ServingConfigStore', () => {
  it('re-parses on change and keeps the last good config on error', () => {
    const errors: string[] = [];
    const store = new ServingConfigStore({}, (e) => errors.push(e.message));
    expect(store.update('config-domain', { 'example.com': '' })).toBe(true);
    expect(store.get().domain.domains[0].domain).toBe('example.com');
    expect(store.update('config-defaults', { 'revision-timeout-seconds': '9999' })).toBe(false);
    expect(store.get().defaults.revisionTimeoutSeconds).toBe(300);
    expect(errors).toHaveLength(1);
    expect(store.update('unrelated', { a: 'b' })).toBe(false);
  });
});
