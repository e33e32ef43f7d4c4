// `kn quickstart minikube` against fake minikube/docker/kubectl on PATH.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileName, runMinikubeQuickstart, type MinikubeQuickstartOptions } from '../../../../src/lib/cluster/kind/minikube.js';
import { FakeTools, fakeIO, type FakeRule } from './fake-tools.js';

const configDir = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'), 'config');
const healthy: FakeRule[] = [
  { match: 'minikube version --short', stdout: 'v1.37.0\n' },
  { match: 'minikube profile list', stdout: '|---------|\n| Profile |\n| other   |\n' },
  { match: 'minikube config get', code: 14, stderr: 'Error: specified key could not be found in config\n' },
];

let fakes: FakeTools;
let pkgRoot: string;
beforeEach(() => {
  fakes = new FakeTools(['minikube', 'docker', 'kubectl'], healthy);
  pkgRoot = mkdtempSync(join(tmpdir(), 'kn-pkg-'));
  mkdirSync(join(pkgRoot, 'dist'));
  writeFileSync(join(pkgRoot, 'dist', 'component.js'), '');
  writeFileSync(join(pkgRoot, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(pkgRoot, 'package.json'), '{"version":"0.1.0"}');
});
afterEach(() => {
  fakes.cleanup();
  rmSync(pkgRoot, { recursive: true, force: true });
});

function options(io: ReturnType<typeof fakeIO>, extra: Partial<MinikubeQuickstartOptions> = {}): MinikubeQuickstartOptions {
  return { name: 'knative', installServing: true, installEventing: false, extraArgs: [], runner: { env: fakes.env(), echo: (t) => io.write(t) }, io, retryDelayMs: 0, configDir, packageRoot: pkgRoot, ...extra };
}

describe('kn quickstart minikube with fake tools', () => {
  test('serving install: minikube start flags, tunnel hint, image load, kubectl against the profile context', async () => {
    const io = fakeIO({ tty: true, answers: [''] });
    await runMinikubeQuickstart(options(io, { extraArgs: ['--driver', 'docker'] }));
    const lines = fakes.lines();
    expect(lines.slice(0, 7)).toEqual([
      'minikube version --short',
      'minikube profile list',
      'minikube config get kubernetes-version',
      'minikube config get cpus',
      'minikube config get memory',
      'minikube start --kubernetes-version 1.34.0 --cpus 3 --memory 3072 --profile knative --wait all --insecure-registry 10.0.0.0/24 --addons=registry --driver docker',
      'docker build --target prebuilt --tag ghcr.io/kn-ts/kn-ts:v0.1.0 ' + pkgRoot,
    ]);
    expect(lines[7]).toBe('minikube image load ghcr.io/kn-ts/kn-ts:v0.1.0 --profile knative');
    expect(lines.filter((l) => l.startsWith('kubectl')).every((l) => l.includes('--context knative'))).toBe(true);
    // No kind NodePort Service on minikube.
    const applied = fakes.calls().filter((c) => c.args[0] === 'apply').map((c) => c.stdin).join('\n');
    expect(applied).not.toContain('kourier-ingress');
    const out = io.text();
    expect(out).toContain('Running Knative Quickstart using Minikube\nMinikube version is: v1.37.0\n☸ Creating Minikube cluster...\n');
    expect(out).toContain('    minikube tunnel --profile knative\n');
    expect(out).toContain('\nPress the Enter key to continue\n');
    expect(out).toContain('🕸️ Configuring Kourier for Minikube...\n    Domain DNS set up...\n');
    expect(out).toContain('🎉 Now have some fun with Serverless and Event Driven Apps!');
  });

  test('old minikube: stops unless the answer is y', async () => {
    fakes.rules([{ match: 'minikube version --short', stdout: 'v1.30.1\n' }, ...healthy]);
    const io = fakeIO({ tty: true, answers: [''] });
    await runMinikubeQuickstart(options(io));
    expect(io.text()).toContain('WARNING: We recommend at least Minikube v1.37, while you are using v1.30\n');
    expect(io.text()).toContain('Installation stopped. Please upgrade minikube and run again\n');
    expect(fakes.lines()).toEqual(['minikube version --short']);
  });

  test('existing profile without a terminal fails clearly', async () => {
    fakes.rules([{ match: 'minikube profile list', stdout: '| knative | docker |\n' }, ...healthy]);
    await expect(runMinikubeQuickstart(options(fakeIO({ tty: false })))).rejects.toThrow(
      "Knative Cluster knative already exists and stdin is not a terminal to confirm deleting it. Delete it with 'minikube delete --profile knative' or choose another name with --name",
    );
  });

  test('existing profile, "y": deleted and started again', async () => {
    fakes.rules([{ match: 'minikube profile list', stdout: '| knative | docker |\n' }, ...healthy]);
    const io = fakeIO({ tty: true, answers: ['y', ''] });
    await runMinikubeQuickstart(options(io));
    expect(io.text()).toContain('Knative Cluster knative already installed.\nDelete and recreate [y/N]: y\ndeleting cluster...\n');
    const lines = fakes.lines();
    expect(lines.indexOf('minikube delete --profile knative')).toBeLessThan(lines.findIndex((l) => l.startsWith('minikube start')));
  });

  test('minikube start failing: error with the cleanup hint', async () => {
    fakes.rules([{ match: 'minikube start', code: 80, stderr: 'X Exiting due to DRV_NOT_DETECTED\n' }, ...healthy]);
    const err = await runMinikubeQuickstart(options(fakeIO({ tty: false }))).catch((e: Error) => e);
    expect((err as Error).message).toBe("failed to create minikube cluster knative: create: exit status 80\nThe minikube profile 'knative' was created.\nRemove it with: minikube delete --profile knative");
  });

  test('-p among the extra args names the profile', () => {
    expect(profileName('knative', ['--driver', 'kvm2', '-p', 'mine'])).toBe('mine');
    expect(profileName('knative', ['--profile=other'])).toBe('other');
    expect(profileName('knative', [])).toBe('knative');
  });
});
