// `kn service create` against the fake ServingClient: objects written, kn's messages, waiting.
import { jest } from '@jest/globals';
import type { Config } from '@oclif/core';
import { createFakeServingClient, type FakeServingClient } from '../../../../src/lib/api/fake-serving.js';
import type { Service } from '../../../../src/lib/api/serving-types.js';
import { setClientFactory } from '../../../../src/lib/cli/clients.js';
import { loadKnConfig } from '../../../../src/cli/main.js';
import ServiceCreate from '../../../../src/commands/service/create.js';
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
});
afterEach(() => {
  restore();
  jest.restoreAllMocks();
});

const run = (argv: string[]) => runCommand(ServiceCreate, 'service:create', argv, config);

describe('kn service create', () => {
  it('--no-wait creates the service and prints one line', async () => {
    const out = await run(['hello', '--image', 'ghcr.io/knative/helloworld-go', '--no-wait', '--env', 'TARGET=World']);
    expect(out.stdout).toBe("Service 'hello' created in namespace 'default'.\n");
    const svc = await client.services.get('hello');
    expect(svc.spec.template.spec.containers[0]).toEqual({ image: 'ghcr.io/knative/helloworld-go', env: [{ name: 'TARGET', value: 'World' }], resources: {} });
    expect(svc.spec.template.metadata?.annotations?.['client.knative.dev/user-image']).toBe('ghcr.io/knative/helloworld-go');
    expect(svc.spec.template.metadata?.annotations?.['client.knative.dev/updateTimestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('waits for Ready and prints the progress and URL', async () => {
    const stop = markReadyOnChange(client, [
      'Configuration "hello" is waiting for a Revision to become ready.',
      'Configuration "hello" is waiting for a Revision to become ready.',
    ]);
    const out = await run(['hello', '--image', 'img']);
    stop();
    expect(out.stdout.replace(/ *\d+\.\d{3}s/g, '  T.TTTs')).toBe(
      [
        "Creating service 'hello' in namespace 'default':",
        '',
        '  T.TTTs Configuration "hello" is waiting for a Revision to become ready.',
        '  T.TTTs ...',
        '  T.TTTs Ready to serve.',
        '',
        "Service 'hello' created to latest revision 'hello-00001' is available at URL:",
        'http://hello.default.127.0.0.1.sslip.io',
        '',
      ].join('\n'),
    );
  });

  it('--tag routes all traffic to @latest with the tag', async () => {
    await run(['hello', '--image', 'img', '--no-wait', '--tag', '@latest=current']);
    expect((await client.services.get('hello')).spec.traffic).toEqual([{ tag: 'current', latestRevision: true, percent: 100 }]);
  });

  it('refuses an existing service without --force', async () => {
    await run(['hello', '--image', 'img', '--no-wait']);
    await expect(run(['hello', '--image', 'img2', '--no-wait'])).rejects.toThrow(
      "cannot create service 'hello' in namespace 'default' because the service already exists and no --force option was given",
    );
  });

  it('--force replaces and keeps the creator annotations', async () => {
    await run(['hello', '--image', 'img', '--no-wait', '--env', 'A=1']);
    const first = await client.services.get('hello');
    client.services.put({ ...first, metadata: { ...first.metadata, annotations: { 'serving.knative.dev/creator': 'alice', other: 'x' } } } as Service);
    const out = await run(['hello', '--image', 'img2', '--no-wait', '--force']);
    expect(out.stdout).toBe("Service 'hello' replaced in namespace 'default'.\n");
    const svc = await client.services.get('hello');
    expect(svc.metadata.annotations).toEqual({ 'serving.knative.dev/creator': 'alice' });
    expect(svc.spec.template.spec.containers[0].env).toBeUndefined();
    expect(svc.spec.template.spec.containers[0].image).toBe('img2');
  });

  it.each([
    [[], "'service create' requires the service name given as single argument"],
    [['a', 'b', '--image', 'x'], "'service create' requires the service name given as single argument"],
    [['hello'], "'service create' requires the image name to run provided with the --image option"],
    [['hello', '--image', 'x', '--port', 'abc'], "the port specification 'abc' is not valid."],
    [['hello', '--image', 'x', '--scale', '1', '--scale-max', '3'], 'only --scale or --scale-max can be specified'],
    [['hello', '--image', 'x', '--env', 'NOVALUE'], 'Invalid --env: argument requires a value that contains the "=" character; got "NOVALUE"'],
    [
      ['hello', '--image', 'a', '--image', 'b'],
      'invalid argument "b" for "--image" flag: can be provided only once for \'kn service create\'',
    ],
    [
      ['Hello', '--image', 'x'],
      'admission webhook "validation.webhook.serving.knative.dev" denied the request: validation failed: not a DNS 1035 label: [a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')]: metadata.name',
    ],
    [['hello', '--image', 'x', '--cluster-local', '--no-cluster-local'], 'only one of --no-cluster-local and --cluster-local may be specified'],
    [['hello', '--image', 'x', '--lock-to-digest=false'], 'use --no-lock-to-digest instead of providing "false" to --lock-to-digest'],
    [['hello', '--image', 'x', '--node-affinity', 'Key=zone'], 'Invalid --node-affinity: Invalid type defined for node affinity, Valid arguments: Required | Preferred'],
  ])('rejects %j before writing anything', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(message);
    expect((await client.services.list()).items).toHaveLength(0);
  });

  it('-f reads the service from a file and applies flags on top', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kn-create-'));
    const file = join(dir, 'svc.yaml');
    writeFileSync(
      file,
      'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: fromfile\nspec:\n  template:\n    spec:\n      containers:\n        - image: img\n',
    );
    await run(['-f', file, '--env', 'A=1', '--no-wait']);
    const svc = await client.services.get('fromfile');
    expect(svc.spec.template.spec.containers[0]).toMatchObject({ image: 'img', env: [{ name: 'A', value: '1' }] });
    // No --lock-to-digest given and no placeholder in the file: no user-image record.
    expect(svc.spec.template.metadata?.annotations?.['client.knative.dev/user-image']).toBeUndefined();
    await expect(run(['other', '-f', file, '--no-wait'])).rejects.toThrow("provided service name 'other' doesn't match name from file 'fromfile'");
    await expect(run(['-f', join(dir, 'missing.yaml'), '--no-wait'])).rejects.toThrow(`open ${join(dir, 'missing.yaml')}: no such file or directory`);
    const multi = join(dir, 'multi.yaml');
    writeFileSync(multi, 'metadata:\n  name: first\nspec:\n  template:\n    spec:\n      containers: [{image: a}]\n---\nmetadata:\n  name: second\n');
    await run(['-f', multi, '--no-wait']);
    expect((await client.services.get('first')).spec.template.spec.containers[0].image).toBe('a');
  });
});
