// Flag combinations of `kn service create` → the Service object upstream kn would send (fixtures
// written by hand from the spec), through the real oclif parser, readEditFlags and applyEditFlags.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Args, Parser } from '@oclif/core';
import { parse as parseYaml } from 'yaml';
import { applyEditFlags } from '../../../src/lib/serving/changes.js';
import { newService } from '../../../src/lib/serving/cli/construct.js';
import { createEditFlags, readEditFlags, readTrafficFlags, updateEditFlags, type FlagIO } from '../../../src/lib/serving/flags.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => parseYaml(readFileSync(join(here, 'fixtures', name), 'utf8'));
const NOW = new Date('2026-11-23T18:00:00.000Z');

const noFiles: FlagIO = {
  readFile: (p) => {
    if (p === 'app.env') return 'B=2\n\n# comment\nC=3\n';
    if (p === 'sidecar.yaml') return 'containers:\n  - name: sidecar\n    image: busybox\n';
    throw new Error(`open ${p}: no such file or directory`);
  },
  readStdin: () => '',
};

async function parseCreate(argv: string[]) {
  const out = await Parser.parse(argv, { flags: createEditFlags, args: { name: Args.string() }, strict: true });
  return { name: out.args.name as string | undefined, edit: readEditFlags(out.flags as Record<string, unknown>, out.raw, noFiles), out };
}

async function create(argv: string[]) {
  const { name, edit } = await parseCreate(argv);
  return applyEditFlags(newService(name ?? '', 'default'), edit, { verb: 'create', now: () => NOW }).service;
}

describe('kn service create flags → Service', () => {
  it.each([
    ['create-minimal.yaml', ['hello', '--image', 'ghcr.io/knative/helloworld-go']],
    [
      'create-full.yaml',
      [
        'hello', '--image', 'ghcr.io/knative/helloworld-go', '--port', '8080', '--env', 'TARGET=World',
        '--revision-name', 'v1', '--scale', '1..3', '--label', 'app=demo', '--annotation', 'foo=bar', '--cluster-local',
      ],
    ],
    [
      'create-scale-resources.yaml',
      [
        'hello', '--image', 'img', '--no-lock-to-digest', '--scale', '2', '--scale-window', '30s', '--scale-target', '10',
        '--scale-utilization', '80', '--scale-init', '1', '--concurrency-limit', '50', '--timeout', '120',
        '--request', 'cpu=100m,memory=64Mi', '--limit', 'memory=128Mi', '--annotation-revision', 'a=b',
        '--label-service', 'team=x', '--cmd', '/app', '--arg', '-v', '--arg', 'x', '--service-account', 'sa',
        '--pull-secret', 'regcred', '--user', '1001',
      ],
    ],
    [
      'create-volumes.yaml',
      [
        'hello', '--image', 'img', '--mount', '/etc/cfg=cm:app-config', '--mount', '/data=ed:scratch',
        '--volume', 'extra=secret:creds', '--mount', '/extra=extra', '--env-from', 'cm:base',
        '--env-value-from', 'PASS=secret:creds:password', '--env', 'A=1',
      ],
    ],
    [
      'create-probes.yaml',
      [
        'hello', '--image', 'img', '--probe-readiness', 'http::8080:/ready', '--probe-readiness-opts', 'PeriodSeconds=5',
        '--probe-liveness', 'exec:cat,/tmp/ok', '--security-context', 'strict', '--pull-policy', 'ifnotpresent',
        '--env-file', 'app.env', '--containers', 'sidecar.yaml', '--scale-metric', 'rps', '--scale-activation', '2',
      ],
    ],
  ])('%s', async (file, argv) => {
    expect(await create(argv)).toEqual(fixture(file));
  });

  it('expands --revision-name with the service prefix (tutorial flow)', async () => {
    const svc = await create(['hello', '--image', 'img', '--port', '8080', '--revision-name=my-service-v1']);
    expect(svc.spec.template.metadata?.name).toBe('hello-my-service-v1');
  });

  it('--no-cluster-local removes nothing on create but is accepted', async () => {
    const svc = await create(['hello', '--image', 'img', '--no-cluster-local']);
    expect(svc.metadata.labels).toBeUndefined();
  });

  it('keeps the service name as argument after a repeatable flag', async () => {
    const { name, edit } = await parseCreate(['--env', 'A=1', 'hello', '--image', 'img']);
    expect(name).toBe('hello');
    expect(edit.envArgs).toEqual([{ source: 'env', values: ['A=1'] }]);
  });

  it('does not report defaults of flags that were not given', async () => {
    const { edit } = await parseCreate(['hello', '--image', 'img']);
    expect(edit).toEqual({ image: 'img' });
  });

  it('reads hidden aliases into the new flag names', async () => {
    const { edit } = await parseCreate([
      'hello', '--image', 'img', '--autoscale-window', '10s', '--concurrency-target', '5', '--concurrency-utilization', '60',
    ]);
    expect(edit).toMatchObject({ scaleWindow: '10s', scaleTarget: 5, scaleUtilization: 60 });
  });

  it('keeps --env, --env-file and --env-value-from in command-line order', async () => {
    const svc = await create(['hello', '--image', 'img', '--env', 'A=1', '--env-file', 'app.env', '--env-value-from', 'D=cm:c:k']);
    expect(svc.spec.template.spec.containers?.[0].env?.map((e) => e.name)).toEqual(['A', 'B', 'C', 'D']);
  });

  it.each([
    [['hello', '--image', 'a', '--image', 'b'], 'invalid argument "b" for "--image" flag: can be provided only once'],
    [['hello', '--image', 'a', '--env-file', 'missing.env'], 'Invalid --env-file: open missing.env: no such file or directory'],
  ])('rejects %j', async (argv, message) => {
    await expect(parseCreate(argv)).rejects.toThrow(message);
  });

  it('rejects a scalar flag given twice', async () => {
    await expect(parseCreate(['hello', '--port', '1', '--port', '2'])).rejects.toThrow('--port can only be specified once');
  });

  it('splits comma lists of traffic flags', async () => {
    const out = await Parser.parse(['s', '--traffic', 'a=50,b=50', '--tag', 'a=x', '--tag', 'b=y'], {
      flags: updateEditFlags,
      args: { name: Args.string() },
    });
    expect(readTrafficFlags(out.flags as Record<string, unknown>, out.raw)).toEqual({ traffic: ['a=50', 'b=50'], tag: ['a=x', 'b=y'] });
  });
});
