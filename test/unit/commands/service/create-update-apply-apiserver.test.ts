// kn service create/update/apply through the real client against the embedded API server on a free
// loopback port (no controllers run here, so every command uses --no-wait).
import { jest } from '@jest/globals';
import type { Config } from '@oclif/core';
import { loadKnConfig } from '../../../../src/cli/main.js';
import ServiceApply from '../../../../src/commands/service/apply.js';
import ServiceCreate from '../../../../src/commands/service/create.js';
import ServiceUpdate from '../../../../src/commands/service/update.js';
import { startTestCluster, type TestCluster } from '../../../helpers/cluster.js';
import { runCommand } from './edit-harness.js';

// Starting the server (SQLite, CRDs, TLS) can take a while on a loaded 2-core machine.
jest.setTimeout(60_000);

let config: Config;
let cluster: TestCluster;

beforeAll(async () => {
  config = await loadKnConfig();
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const kn = (cls: typeof ServiceCreate | typeof ServiceUpdate | typeof ServiceApply, id: string, argv: string[]) =>
  runCommand(cls, id, [...argv, '--kubeconfig', cluster.kubeconfigPath, '-n', 'default'], config);

async function getService(name: string): Promise<any> {
  const { CustomObjectsApi } = await import('@kubernetes/client-node');
  const api = cluster.kubeConfig.makeApiClient(CustomObjectsApi);
  return api.getNamespacedCustomObject({ group: 'serving.knative.dev', version: 'v1', namespace: 'default', plural: 'services', name });
}

describe('service edit commands against the API server', () => {
  it('create, update with traffic, and refuse a second create', async () => {
    const created = await kn(ServiceCreate, 'service:create', ['hello', '--image', 'ghcr.io/knative/helloworld-go', '--env', 'TARGET=World', '--revision-name=v1', '--no-wait']);
    expect(created.stdout).toBe("Service 'hello' created in namespace 'default'.\n");
    let svc = await getService('hello');
    expect(svc.spec.template.metadata.name).toBe('hello-v1');
    expect(svc.spec.template.spec.containers[0].env).toEqual([{ name: 'TARGET', value: 'World' }]);

    await expect(kn(ServiceCreate, 'service:create', ['hello', '--image', 'x', '--no-wait'])).rejects.toThrow(
      "cannot create service 'hello' in namespace 'default' because the service already exists and no --force option was given",
    );

    await kn(ServiceUpdate, 'service:update', ['hello', '--env', 'TARGET=Knative', '--revision-name', 'v2', '--no-wait']);
    await kn(ServiceUpdate, 'service:update', ['hello', '--tag', 'hello-v1=old', '--traffic', 'old=10,@latest=90', '--no-wait']);
    svc = await getService('hello');
    expect(svc.spec.template.metadata.name).toBe('hello-v2');
    expect(svc.spec.template.spec.containers[0].env).toEqual([{ name: 'TARGET', value: 'Knative' }]);
    const traffic = (svc.spec.traffic as Array<Record<string, unknown>>).map((t) => ({ tag: t.tag, revisionName: t.revisionName, percent: t.percent }));
    expect(traffic).toEqual(
      expect.arrayContaining([
        { tag: 'old', revisionName: 'hello-v1', percent: 10 },
        { tag: undefined, revisionName: undefined, percent: 90 },
      ]),
    );
  });

  it('apply creates, then is idempotent, then merges', async () => {
    expect((await kn(ServiceApply, 'service:apply', ['s0', '--image', 'img', '--no-wait'])).stdout).toBe("Service 's0' created in namespace 'default'.\n");
    const again = await kn(ServiceApply, 'service:apply', ['s0', '--image', 'img', '--no-wait']);
    expect(again.stdout.split('\n')[0]).toBe("No changes to apply to service 's0'.");
    expect((await kn(ServiceApply, 'service:apply', ['s0', '--image', 'img', '--env', 'X=1', '--no-wait'])).stdout).toBe(
      "Service 's0' applied in namespace 'default'.\n",
    );
    const svc = await getService('s0');
    expect(svc.spec.template.spec.containers[0].env).toEqual([{ name: 'X', value: '1' }]);
    expect(JSON.parse(svc.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.template.spec.containers[0].env).toEqual([
      { name: 'X', value: '1' },
    ]);
  });
});
