// `kn service update` against the fake ServingClient.
import { jest } from '@jest/globals';
import type { Config } from '@oclif/core';
import { KnError } from '../../../../src/lib/api/errors.js';
import { createFakeServingClient, type FakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import type { Revision, Service } from '../../../../src/lib/api/serving-types.js';
import { setClientFactory } from '../../../../src/lib/cli/clients.js';
import { loadKnConfig } from '../../../../src/cli/main.js';
import ServiceUpdate from '../../../../src/commands/service/update.js';
import { markReadyOnChange, runCommand } from './edit-harness.js';

let config: Config;
let client: FakeServingClient;
let restore: () => void;

beforeAll(async () => {
  config = await loadKnConfig();
});
beforeEach(() => {
  client = createFakeServingClient('default');
  restore = setClientFactory(async () => ({ contextNamespace: () => undefined, serving: () => client }));
  client.services.put({
    metadata: { name: 'hello', namespace: 'default', generation: 1, annotations: { 'serving.knative.dev/creator': 'alice' } },
    spec: {
      template: {
        metadata: { annotations: { 'client.knative.dev/user-image': 'ghcr.io/x/app:v1' } },
        spec: { containers: [{ image: 'ghcr.io/x/app:v1', resources: {} }] },
      },
      traffic: [{ latestRevision: true, percent: 100 }],
    },
    status: {
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True' }],
      url: 'http://hello.default.127.0.0.1.sslip.io',
      latestReadyRevisionName: 'hello-00001',
      latestCreatedRevisionName: 'hello-00001',
      traffic: [{ revisionName: 'hello-00001', latestRevision: true, percent: 100 }],
    },
  } as Service);
  client.revisions.put({
    metadata: { name: 'hello-00001', namespace: 'default', labels: { 'serving.knative.dev/service': 'hello' } },
    spec: { containers: [{ image: 'ghcr.io/x/app:v1' }] },
    status: { containerStatuses: [{ name: 'user-container', imageDigest: 'ghcr.io/x/app@sha256:111' }] },
  } as Revision);
});
afterEach(() => {
  restore();
  jest.restoreAllMocks();
});

const run = (argv: string[]) => runCommand(ServiceUpdate, 'service:update', argv, config);
const tidy = (s: string) => s.replace(/ *\d+\.\d{3}s/g, '  T.TTTs');

describe('kn service update', () => {
  it('needs at least one flag', async () => {
    await expect(run(['hello'])).rejects.toThrow('flag(s) not set\nUsage: update NAME');
  });

  it('needs exactly one name', async () => {
    await expect(run(['a', 'b', '--env', 'A=1'])).rejects.toThrow("'service update' requires the service name given as single argument");
  });

  it('changes only what the flags name, pins the digest and waits for the new revision', async () => {
    const stop = markReadyOnChange(client, ['Revision "hello-00002" is not yet ready.'], () => 'hello-00002');
    const out = await run(['hello', '--env', 'A=1']);
    stop();
    expect(tidy(out.stdout)).toBe(
      [
        "Updating Service 'hello' in namespace 'default':",
        '',
        '  T.TTTs Revision "hello-00002" is not yet ready.',
        '  T.TTTs Ready to serve.',
        '',
        "Service 'hello' updated to latest revision 'hello-00002' is available at URL:",
        'http://hello.default.127.0.0.1.sslip.io',
        '',
      ].join('\n'),
    );
    const svc = await client.services.get('hello');
    expect(svc.metadata.annotations).toEqual({ 'serving.knative.dev/creator': 'alice' });
    expect(svc.spec.template.spec.containers[0]).toEqual({
      image: 'ghcr.io/x/app@sha256:111',
      env: [{ name: 'A', value: '1' }],
      resources: {},
    });
    expect(svc.spec.template.metadata?.annotations?.['client.knative.dev/user-image']).toBe('ghcr.io/x/app:v1');
  });

  it('traffic-only change reports the unchanged latest revision', async () => {
    // No template change: Serving keeps hello-00001 as the latest ready revision.
    const stop = markReadyOnChange(client);
    const out = await run(['hello', '--tag', '@latest=current']);
    stop();
    expect((await client.services.get('hello')).spec.traffic).toEqual([{ tag: 'current', latestRevision: true, percent: 100 }]);
    expect(out.stdout).toContain("Service 'hello' with latest revision 'hello-00001' (unchanged) is available at URL:\n");
  });

  it('reports no new revision when nothing changed', async () => {
    const out = await run(['hello', '--pull-policy', 'Always', '--no-wait']);
    expect(out.stdout).toBe("Service 'hello' updated in namespace 'default'.\n");
    const again = await run(['hello', '--pull-policy', 'always']);
    expect(again.stdout).toBe("Service 'hello' updated in namespace 'default'.\nNo new revision has been created.\n");
  });

  it('warns without a newline when no base revision is found', async () => {
    await client.revisions.delete('hello-00001');
    const out = await run(['hello', '--env', 'A=1', '--no-wait']);
    expect(out.stdout).toBe("Warning: No revision found to update image digest" + "Service 'hello' updated in namespace 'default'.\n");
    expect((await client.services.get('hello')).spec.template.spec.containers[0].image).toBe('ghcr.io/x/app:v1');
  });

  it('retries on a conflict', async () => {
    const real = client.services.update.bind(client.services);
    let calls = 0;
    jest.spyOn(client.services, 'update').mockImplementation(async (obj) => {
      calls += 1;
      if (calls === 1) throw new KnError('Operation cannot be fulfilled', 'Conflict', 409);
      return real(obj);
    });
    await run(['hello', '--env', 'A=1', '--no-wait']);
    expect(calls).toBe(2);
    expect((await client.services.get('hello')).spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('rejects bad traffic before writing', async () => {
    await expect(run(['hello', '--traffic', 'hello-00001=60,@latest=60'])).rejects.toThrow('given traffic percents sum to 120, want <=100');
    expect((await client.services.get('hello')).metadata.generation).toBe(1);
  });

  it('splits traffic between a pinned revision and @latest', async () => {
    await run(['hello', '--traffic', 'hello-00001=30,@latest=70', '--no-wait']);
    expect((await client.services.get('hello')).spec.traffic).toEqual([
      { latestRevision: true, percent: 70 },
      { revisionName: 'hello-00001', latestRevision: false, percent: 30 },
    ]);
  });
});
