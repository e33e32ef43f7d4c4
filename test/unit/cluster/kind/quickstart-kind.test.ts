// `kn quickstart kind` flow against fake kind/docker/kubectl on PATH: exact command sequence,
// flags, stdin (cluster config, manifests), messages, prompts with and without a terminal, and
// what a failure midway says.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { runKindQuickstart, type KindQuickstartOptions } from '../../../../src/lib/cluster/kind/kind.js';
import { FakeTools, fakeIO, type FakeRule } from './fake-tools.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const configDir = join(repoRoot, 'config');

const healthy: FakeRule[] = [
  { match: 'docker info', stdout: '27.3.1\n' },
  { match: 'kind version -q', stdout: '0.30.0\n' },
  { match: 'kind get clusters -q', stdout: '' },
];

let fakes: FakeTools;
let pkgRoot: string;

beforeEach(() => {
  fakes = new FakeTools(['kind', 'docker', 'kubectl'], healthy);
  // A package root with a Dockerfile and a built component, so the flow builds from it.
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

function options(io: ReturnType<typeof fakeIO>, extra: Partial<KindQuickstartOptions> = {}): KindQuickstartOptions {
  return {
    name: 'knative',
    installServing: false,
    installEventing: false,
    registry: false,
    hostPort: 80,
    runner: { env: fakes.env(), echo: (t) => io.write(t) },
    io,
    retryDelayMs: 0,
    configDir,
    packageRoot: pkgRoot,
    ...extra,
  };
}

const kindsIn = (yamlText: string): string[] => parseAllDocuments(yamlText).map((d) => (d.toJS() as { kind?: string } | null)?.kind).filter((k): k is string => Boolean(k));

describe('kn quickstart kind with fake tools', () => {
  test('full install: the exact command sequence, cluster config and manifests in order', async () => {
    const io = fakeIO({ tty: false });
    await runKindQuickstart(options(io));
    const image = 'ghcr.io/kn-ts/kn-ts:v0.1.0';
    const ctx = ['--context', 'kind-knative'];
    const rollout = (ns: string, name: string) => `kubectl rollout status deployment/${name} --namespace ${ns} --context kind-knative --timeout=10m`;
    expect(fakes.lines()).toEqual([
      'docker info --format {{.ServerVersion}}',
      'kind version -q',
      'kind get clusters -q',
      'kind create cluster --wait=120s --config=-',
      `docker build --target prebuilt --tag ${image} ${pkgRoot}`,
      `kind load docker-image ${image} --name knative`,
      `kubectl apply ${ctx.join(' ')} -f -`,
      'kubectl wait --for=condition=Established --all crd --context kind-knative --timeout=10m',
      `kubectl apply ${ctx.join(' ')} -f -`,
      rollout('knative-serving', 'webhook'),
      rollout('knative-serving', 'activator'),
      rollout('knative-serving', 'autoscaler'),
      rollout('knative-serving', 'controller'),
      `kubectl apply ${ctx.join(' ')} -f -`,
      rollout('kourier-system', '3scale-kourier-gateway'),
      `kubectl apply ${ctx.join(' ')} -f -`,
      `kubectl apply ${ctx.join(' ')} -f -`,
      'kubectl wait --for=condition=Established --all crd --context kind-knative --timeout=10m',
      `kubectl apply ${ctx.join(' ')} -f -`,
      rollout('knative-serving', 'webhook'),
      rollout('knative-eventing', 'eventing-controller'),
      `kubectl apply ${ctx.join(' ')} -f -`,
    ]);

    const calls = fakes.calls();
    // The kind config maps the host port 80 to the gateway's NodePort.
    const config = parse(calls[3]!.stdin);
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: 'knative' });
    expect(config.nodes).toEqual([
      { role: 'control-plane', image: 'kindest/node:v1.34.0', extraPortMappings: [{ containerPort: 31080, listenAddress: '0.0.0.0', hostPort: 80 }] },
    ]);

    const applied = calls.filter((c) => c.tool === 'kubectl' && c.args[0] === 'apply').map((c) => c.stdin);
    expect(applied).toHaveLength(7);
    expect(new Set(kindsIn(applied[0]!))).toEqual(new Set(['CustomResourceDefinition']));
    expect(applied[0]).toContain('name: services.serving.knative.dev');
    expect(kindsIn(applied[1]!)).toEqual(expect.arrayContaining(['Namespace', 'ServiceAccount', 'ClusterRole', 'ConfigMap', 'Deployment', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']));
    expect(kindsIn(applied[1]!)[0]).toBe('Namespace');
    expect(kindsIn(applied[2]!)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service', 'Service']);
    expect(applied[3]).toContain('nodePort: 31080');
    expect(applied[4]).toContain('name: brokers.eventing.knative.dev');
    // Eventing core re-applies core/ (namespaces, webhook) so an Eventing-only install has them.
    expect(kindsIn(applied[5]!).slice(0, 3)).toEqual(['Namespace', 'Namespace', 'Namespace']);
    expect(applied[5]).toContain('name: validation.webhook.eventing.knative.dev');
    expect(applied[5]).toContain('name: eventing-controller');
    expect(parse(applied[6]!)).toEqual({ apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'example-broker', namespace: 'default' } });
    // Every Deployment runs the image that was built and loaded.
    for (const text of applied) {
      for (const m of text.matchAll(/image: (\S+)/g)) expect(m[1]).toBe(image);
    }

    const out = io.text();
    const expected = [
      'Running Knative Quickstart using Kind',
      '✅ Checking dependencies...',
      '    Kind version is: 0.30.0',
      'A local registry is no longer created by default.',
      '    To create a local registry, use the --registry flag.',
      '☸ Creating Kind cluster...',
      `📦 Building the kn-ts image ${image} ...`,
      '    Image built...',
      `    Image ${image} loaded into the cluster...`,
      '🍿 Installing Knative Serving',
      '    CRDs installed...',
      '    Core installed...',
      '    Finished installing Knative Serving',
      '🕸️ Installing Kourier networking layer',
      '    Kourier installed...',
      '    Finished installing Kourier Networking layer',
      '🕸️ Configuring Kourier for Kind...',
      '    Kourier service installed...',
      '    Domain DNS set up...',
      '    Finished configuring Kourier',
      '🔥 Installing Knative Eventing',
      '    Example broker installed...',
      '    Finished installing Knative Eventing',
      '🚀 Knative install took: ',
      '🎉 Now have some fun with Serverless and Event Driven Apps!',
    ];
    let at = 0;
    for (const line of expected) {
      const i = out.indexOf(line, at);
      expect({ line, found: i >= 0 }).toEqual({ line, found: true });
      at = i + line.length;
    }
  });

  test('flags: name, kubernetes version, host port, extra mount; --install-serving only', async () => {
    const io = fakeIO({ tty: false });
    await runKindQuickstart(options(io, { name: 'dev', kubernetesVersion: '1.33.1', hostPort: 8080, extraMountHostPath: '/data', extraMountContainerPath: '/mnt', installServing: true }));
    const create = fakes.calls().find((c) => c.args[0] === 'create')!;
    expect(parse(create.stdin).nodes[0]).toEqual({
      role: 'control-plane',
      image: 'kindest/node:v1.33.1',
      extraMounts: [{ hostPath: '/data', containerPath: '/mnt' }],
      extraPortMappings: [{ containerPort: 31080, listenAddress: '0.0.0.0', hostPort: 8080 }],
    });
    expect(io.text()).toContain('☸ Creating Kind cluster with extraMounts...');
    expect(fakes.lines()).toContain('kind load docker-image ghcr.io/kn-ts/kn-ts:v0.1.0 --name dev');
    // Serving only: no eventing CRDs, no broker.
    const applied = fakes.calls().filter((c) => c.args[0] === 'apply').map((c) => c.stdin).join('\n');
    expect(applied).not.toContain('brokers.eventing.knative.dev');
    expect(io.text()).not.toContain('Installing Knative Eventing');
  });

  test('--install-eventing only and --image: no build, no serving, the given image is loaded', async () => {
    const io = fakeIO({ tty: false });
    await runKindQuickstart(options(io, { installEventing: true, image: 'example.com/kn-ts:dev' }));
    const lines = fakes.lines();
    expect(lines.some((l) => l.startsWith('docker build'))).toBe(false);
    expect(lines).toContain('kind load docker-image example.com/kn-ts:dev --name knative');
    expect(io.text()).not.toContain('Installing Knative Serving');
    expect(io.text()).toContain('Installing Knative Eventing');
  });

  test('kubectl missing: upstream message, nothing runs', async () => {
    fakes.cleanup();
    fakes = new FakeTools(['kind', 'docker'], healthy);
    await expect(runKindQuickstart(options(fakeIO({ tty: false })))).rejects.toThrow(
      'kubectl is required for quickstart\nDownload from https://kubectl.docs.kubernetes.io/installation/kubectl/',
    );
    expect(fakes.lines()).toEqual([]);
  });

  test('Docker daemon not reachable: failed to get Docker info', async () => {
    fakes.rules([{ match: 'docker info', code: 1, stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' }, ...healthy]);
    await expect(runKindQuickstart(options(fakeIO({ tty: false })))).rejects.toThrow(
      'failed to create kind cluster: failed to get Docker info: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(fakes.lines()).toEqual(['docker info --format {{.ServerVersion}}']);
  });

  test('old kind: warns; "n" on a terminal stops, no terminal continues', async () => {
    fakes.rules([{ match: 'kind version -q', stdout: '0.20.0\n' }, ...healthy]);
    const io = fakeIO({ tty: true, answers: ['n'] });
    await runKindQuickstart(options(io));
    expect(io.text()).toContain('WARNING: We recommend at least Kind v0.30, while you are using v0.20\n');
    expect(io.text()).toContain('Continue anyway? (not recommended) [y/N]: n\nInstallation stopped. Please upgrade kind and run again\n');
    expect(fakes.lines()).toEqual(['docker info --format {{.ServerVersion}}', 'kind version -q']);

    const io2 = fakeIO({ tty: false });
    await runKindQuickstart(options(io2));
    expect(io2.text()).toContain('🎉 Now have some fun');
  });

  test('existing cluster without a terminal: fails clearly and deletes nothing', async () => {
    fakes.rules([{ match: 'kind get clusters -q', stdout: 'other\nknative\n' }, ...healthy]);
    await expect(runKindQuickstart(options(fakeIO({ tty: false })))).rejects.toThrow(
      "Knative Cluster kind-knative already exists and stdin is not a terminal to confirm deleting it. Delete it with 'kind delete cluster --name knative' or choose another name with --name",
    );
    expect(fakes.lines().some((l) => l.includes('delete') || l.includes('create'))).toBe(false);
  });

  test('existing cluster on a terminal: "y" deletes and recreates', async () => {
    fakes.rules([{ match: 'kind get clusters -q', stdout: 'knative\n' }, ...healthy]);
    const io = fakeIO({ tty: true, answers: ['y'] });
    await runKindQuickstart(options(io, { installServing: true }));
    expect(io.text()).toContain('\nKnative Cluster kind-knative already installed.\nDelete and recreate [y/N]: y\n\n    Deleting cluster...\n');
    const lines = fakes.lines();
    expect(lines.indexOf('kind delete cluster --name knative')).toBeLessThan(lines.indexOf('kind create cluster --wait=120s --config=-'));
  });

  test('existing cluster with Knative, answers "n" twice: installation skipped, nothing created', async () => {
    fakes.rules([{ match: 'kind get clusters -q', stdout: 'knative\n' }, { match: 'kubectl get namespaces', stdout: 'namespace/default\nnamespace/knative-serving\n' }, ...healthy]);
    const io = fakeIO({ tty: true, answers: ['n', 'n'] });
    await runKindQuickstart(options(io));
    expect(io.text()).toContain('    Installation skipped\nKnative installation already exists.\nDelete and recreate the cluster [y/N]: n\nSkipping installation\n');
    expect(io.text()).toContain('🚀 Knative install took: ');
    expect(fakes.lines().some((l) => /create|apply|load/.test(l))).toBe(false);
  });

  test('a failure midway prints the tool output, names the step and says how to clean up', async () => {
    fakes.rules([{ match: 'kubectl rollout status deployment/controller', code: 1, stderr: 'error: deployment "controller" exceeded its progress deadline\n' }, ...healthy]);
    const io = fakeIO({ tty: false });
    const err = await runKindQuickstart(options(io)).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      'failed to install serving to kind cluster knative: wait: exit status 1\n' +
        "The kind cluster 'knative' was created and has: image ghcr.io/kn-ts/kn-ts:v0.1.0, Serving CRDs.\n" +
        'Remove it with: kind delete cluster --name knative',
    );
    expect(io.text()).toContain('error: deployment "controller" exceeded its progress deadline');
    // Nothing after the failed wait ran.
    expect(fakes.lines().at(-1)).toBe('kubectl rollout status deployment/controller --namespace knative-serving --context kind-knative --timeout=10m');
  });

  test('kind create failing: its (streamed) output, the error and the cleanup hint', async () => {
    fakes.rules([{ match: 'kind create cluster', code: 1, stderr: 'ERROR: failed to create cluster: node(s) already exist for a cluster with the name "knative"\n' }, ...healthy]);
    const io = fakeIO({ tty: false });
    const err = await runKindQuickstart(options(io)).catch((e: Error) => e);
    expect((err as Error).message).toBe('failed to create kind cluster knative: create: exit status 1\nThe kind cluster \'knative\' was created.\nRemove it with: kind delete cluster --name knative');
    expect(io.text().match(/node\(s\) already exist/g)).toHaveLength(1);
  });

  test('docker build failing: named step, its output, and the cluster to delete', async () => {
    fakes.rules([{ match: 'docker build', code: 1, stderr: 'ERROR: failed to solve: node:20-slim: not found\n' }, ...healthy]);
    const io = fakeIO({ tty: false });
    const err = await runKindQuickstart(options(io)).catch((e: Error) => e);
    expect((err as Error).message).toBe("failed to build the image for kind cluster knative: image: exit status 1\nThe kind cluster 'knative' was created.\nRemove it with: kind delete cluster --name knative");
    expect(io.text()).toContain('ERROR: failed to solve: node:20-slim: not found');
    expect(fakes.lines().some((l) => l.startsWith('kind load'))).toBe(false);
  });

  test('kind get clusters failing: nothing created, no cleanup hint', async () => {
    fakes.rules([{ match: 'kind get clusters', code: 1, stderr: 'ERROR: failed to list clusters\n' }, ...healthy]);
    const err = await runKindQuickstart(options(fakeIO({ tty: false }))).catch((e: Error) => e);
    expect((err as Error).message).toBe('failed to check for an existing kind cluster knative: list: exit status 1');
  });

  test('apply is tried three times before the step fails', async () => {
    // Every apply fails: three attempts (retryDelayMs 0 here), then the error.
    fakes.rules([{ match: 'kubectl apply', code: 1, stderr: 'no matches for kind "Service" in version "serving.knative.dev/v1"\n' }, ...healthy]);
    const io = fakeIO({ tty: false });
    const err = await runKindQuickstart(options(io, { installServing: true })).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^failed to install serving to kind cluster knative: crds: exit status 1/);
    expect(fakes.lines().filter((l) => l.startsWith('kubectl apply'))).toHaveLength(3);
  });

  test('--registry: registry container, node patch, hosting ConfigMap, tag-resolution skip', async () => {
    fakes.rules([{ match: 'kind get nodes --name knative', stdout: 'knative-control-plane\n' }, ...healthy]);
    const io = fakeIO({ tty: false });
    await runKindQuickstart(options(io, { registry: true, installServing: true }));
    const lines = fakes.lines();
    expect(lines).toEqual(
      expect.arrayContaining([
        'docker rm --force kind-registry',
        'docker run --detach --restart=always --publish 0.0.0.0:5001:5000 --network bridge --name kind-registry docker.io/library/registry:2',
        'docker exec knative-control-plane mkdir -p /etc/containerd/certs.d/localhost:5001',
        'docker exec -i knative-control-plane cp /dev/stdin /etc/containerd/certs.d/localhost:5001/hosts.toml',
        'docker network connect kind kind-registry',
        'kubectl patch configmap config-deployment --namespace knative-serving --context kind-knative --type merge -p {"data":{"registries-skipping-tag-resolving":"localhost:5001"}}',
      ]),
    );
    expect(lines.indexOf('kind create cluster --wait=120s --config=-')).toBeLessThan(lines.indexOf('docker network connect kind kind-registry'));
    expect(io.text()).toContain('💽 Installing local registry...');
    expect(io.text()).toContain('🔗 Patching node: knative-control-plane');
    expect(io.text()).toContain('    Enabled local registry deployment...');
  });
});
