// `kn service apply` against the fake ServingClient, and the three-way merge it relies on.
import { jest } from '@jest/globals';
import type { Config } from '@oclif/core';
import { createFakeServingClient, type FakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import type { Service } from '../../../../src/lib/api/serving-types.js';
import { setClientFactory } from '../../../../src/lib/cli/clients.js';
import { loadKnConfig } from '../../../../src/cli/main.js';
import ServiceApply from '../../../../src/commands/service/apply.js';
import { threeWayMergePatch } from '../../../../src/lib/serving/cli/merge-patch.js';
import { runCommand } from './edit-harness.js';

let config: Config;
let client: FakeServingClient;
let restore: () => void;

beforeAll(async () => {
  config = await loadKnConfig();
});
beforeEach(() => {
  client = createFakeServingClient('default');
  restore = setClientFactory(async () => ({ contextNamespace: () => undefined, serving: () => client }));
});
afterEach(() => {
  restore();
  jest.restoreAllMocks();
});

const run = (argv: string[]) => runCommand(ServiceApply, 'service:apply', argv, config);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

// What Serving would do after a spec change: observe it and report Ready with a URL.
async function settle(name: string, revision: string) {
  const svc = await client.services.get(name);
  client.services.put({
    ...svc,
    status: {
      observedGeneration: svc.metadata.generation,
      conditions: [{ type: 'Ready', status: 'True' }],
      url: `http://${name}.default.127.0.0.1.sslip.io`,
      latestReadyRevisionName: revision,
    },
  } as Service);
}

describe('kn service apply', () => {
  it('creates a missing service with its last-applied configuration', async () => {
    const out = await run(['s0', '--image', 'img', '--no-wait']);
    expect(out.stdout).toBe("Service 's0' created in namespace 'default'.\n");
    const svc = await client.services.get('s0');
    const recorded = JSON.parse(svc.metadata.annotations?.[LAST_APPLIED] ?? '{}');
    expect(recorded).toMatchObject({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 's0', namespace: 'default' },
      spec: { template: { metadata: { annotations: { 'client.knative.dev/user-image': 'img' } }, spec: { containers: [{ image: 'img' }] } } },
    });
    // apply never writes the update timestamp, so applying twice is idempotent.
    expect(svc.spec.template.metadata?.annotations?.['client.knative.dev/updateTimestamp']).toBeUndefined();
  });

  it('applying the same options again changes nothing', async () => {
    await run(['s0', '--image', 'img', '--no-wait']);
    await settle('s0', 's0-00001');
    const out = await run(['s0', '--image', 'img']);
    expect(out.stdout).toBe(
      "No changes to apply to service 's0'.\nService 's0' with latest revision 's0-00001' (unchanged) is available at URL:\nhttp://s0.default.127.0.0.1.sslip.io\n",
    );
  });

  it('merges a change and keeps fields set by others', async () => {
    await run(['s0', '--image', 'img', '--env', 'A=1', '--no-wait']);
    const live = await client.services.get('s0');
    client.services.put({ ...live, metadata: { ...live.metadata, labels: { 'team': 'x' } } } as Service);
    const out = await run(['s0', '--image', 'img', '--env', 'B=2', '--no-wait']);
    expect(out.stdout).toBe("Service 's0' applied in namespace 'default'.\n");
    const svc = await client.services.get('s0');
    expect(svc.metadata.labels).toEqual({ team: 'x' });
    expect(svc.spec.template.spec.containers[0].env).toEqual([{ name: 'B', value: '2' }]);
  });

  it('warns when the service was not created by apply', async () => {
    client.services.put({
      metadata: { name: 's0', namespace: 'default', annotations: { 'serving.knative.dev/creator': 'bob' } },
      spec: { template: { spec: { containers: [{ image: 'old' }] } } },
    } as Service);
    const out = await run(['s0', '--image', 'img', '--no-wait']);
    expect(out.stdout).toBe(
      "Warning: 'kn service apply' should be used only for services created by 'kn service apply'\nService 's0' applied in namespace 'default'.\n",
    );
  });

  it.each([
    [[], "'service apply' requires the service name given as single argument"],
    [['s0'], "'service apply' requires the image name to run provided with the --image option"],
  ])('rejects %j', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(message);
  });
});

describe('threeWayMergePatch', () => {
  it.each([
    ['adds and changes from desired', { a: 1 }, { a: 2, b: 3 }, { a: 1, x: 9 }, { a: 2, b: 3 }],
    ['deletes only what was applied before', { a: 1, b: 2 }, { a: 1 }, { a: 1, b: 2, x: 9 }, { b: null }],
    ['nothing to do', { a: { b: 1 } }, { a: { b: 1 } }, { a: { b: 1, c: 2 } }, {}],
    ['arrays are replaced whole', { l: [1] }, { l: [1, 2] }, { l: [1] }, { l: [1, 2] }],
    ['no previous state never deletes', undefined, { a: 1 }, { a: 1, b: 2 }, {}],
  ])('%s', (_n, original, modified, current, want) => {
    expect(threeWayMergePatch(original, modified, current)).toEqual(want);
  });
});
