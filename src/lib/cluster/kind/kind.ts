// `kn quickstart kind`: upstream kn-plugin-quickstart's flow (spec §15), with kn-ts's own image
// and manifests instead of release downloads:
//   checks (kubectl, docker daemon, kind version) → local registry (--registry) → existing cluster
//   (ask on a terminal, fail clearly otherwise) → kind create cluster (port 80 → NodePort 31080)
//   → docker build + kind load docker-image → Serving, Kourier, kind config, Eventing → timing.
// A failure after the cluster was created says what was installed and how to remove the cluster.
import { KnError } from '../../api/errors.js';
import { continueAnyway, confirm, goDurationSeconds, majorMinor, olderThan, type QuickstartIO } from './io.js';
import { buildImage } from './image.js';
import { InstallError, installKnative, type InstallProgress, type QuickstartOptions } from './install.js';
import { kindClusterConfig } from './kind-config.js';
import { defaultImage } from './manifests.js';
import { findOnPath, mustRun, runTool, ToolError, type ToolRunner } from './tools.js';

/** Flags of `kn quickstart kind`. */
export interface KindQuickstartOptions extends QuickstartOptions {
  registry: boolean;
  hostPort: number;
  extraMountHostPath?: string;
  extraMountContainerPath?: string;
}

/** Oldest kind upstream recommends. */
const MIN_KIND: [number, number] = [0, 30];
const REGISTRY_NAME = 'kind-registry';
const REGISTRY_PORT = '5001';

/** kubectl must be on PATH (upstream's first check). */
export function requireKubectl(runner: ToolRunner): void {
  if (!findOnPath('kubectl', runner.env)) {
    throw new KnError('kubectl is required for quickstart\nDownload from https://kubectl.docs.kubernetes.io/installation/kubectl/', 'BadRequest');
  }
}

async function checkDocker(runner: ToolRunner, what: string): Promise<void> {
  if (!findOnPath('docker', runner.env)) throw new KnError(`${what}: docker is required: install Docker from https://docs.docker.com/get-docker/`, 'BadRequest');
  const info = await runTool(runner, 'docker', ['info', '--format', '{{.ServerVersion}}']);
  if (info.code !== 0 || !info.stdout.trim()) {
    throw new KnError(`${what}: failed to get Docker info: ${(info.stderr || info.stdout).trim() || `exit status ${info.code}`}`, 'BadRequest');
  }
}

async function checkKind(o: KindQuickstartOptions): Promise<boolean> {
  const { io, runner } = o;
  io.out('✅ Checking dependencies...');
  if (!findOnPath('kind', runner.env)) throw new KnError('kind is required for quickstart kind\nDownload from https://kind.sigs.k8s.io/docs/user/quick-start/#installation', 'BadRequest');
  const v = await runTool(runner, 'kind', ['version', '-q']);
  if (v.code !== 0) throw new KnError(`failed to get kind version: ${v.output.trim() || `exit status ${v.code}`}`, 'BadRequest');
  io.write(`    Kind version is: ${v.stdout.endsWith('\n') ? v.stdout : `${v.stdout}\n`}`);
  const mm = majorMinor(v.stdout);
  if (mm && olderThan(mm, MIN_KIND)) {
    io.out(`WARNING: We recommend at least Kind v${MIN_KIND[0]}.${MIN_KIND[1]}, while you are using v${mm[0]}.${mm[1]}`);
    io.out('You can download a newer version from https://github.com/kubernetes-sigs/kind/releases');
    if (!io.isTTY) {
      io.out('(stdin is not a terminal: continuing)');
    } else if (!(await continueAnyway(io))) {
      io.out('Installation stopped. Please upgrade kind and run again');
      return false;
    }
  }
  return true;
}

async function startRegistry(o: KindQuickstartOptions): Promise<void> {
  const { io, runner } = o;
  io.out('💽 Installing local registry...');
  await runTool(runner, 'docker', ['rm', '--force', REGISTRY_NAME]);
  await mustRun(runner, 'registry', 'docker', [
    'run', '--detach', '--restart=always', '--publish', `0.0.0.0:${REGISTRY_PORT}:5000`, '--network', 'bridge', '--name', REGISTRY_NAME, 'docker.io/library/registry:2',
  ], { echo: true });
}

// Points each node's containerd at the registry container and announces it (KEP-1755 ConfigMap).
async function connectRegistry(o: KindQuickstartOptions, context: string): Promise<void> {
  const { io, runner } = o;
  const nodes = (await mustRun(runner, 'registry', 'kind', ['get', 'nodes', '--name', o.name])).stdout.split('\n').map((s) => s.trim()).filter(Boolean);
  const dir = `/etc/containerd/certs.d/localhost:${REGISTRY_PORT}`;
  for (const node of nodes) {
    io.out(`🔗 Patching node: ${node}`);
    await mustRun(runner, 'registry', 'docker', ['exec', node, 'mkdir', '-p', dir]);
    await mustRun(runner, 'registry', 'docker', ['exec', '-i', node, 'cp', '/dev/stdin', `${dir}/hosts.toml`], { stdin: `[host."http://${REGISTRY_NAME}:5000"]\n` });
  }
  await runTool(runner, 'docker', ['network', 'connect', 'kind', REGISTRY_NAME]);
  const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local-registry-hosting\n  namespace: kube-public\ndata:\n  localRegistryHosting.v1: |\n    host: "localhost:${REGISTRY_PORT}"\n    help: "https://kind.sigs.k8s.io/docs/user/local-registry/"\n`;
  await mustRun(runner, 'registry', 'kubectl', ['apply', '--context', context, '-f', '-'], { stdin: cm });
}

type ExistingDecision = 'create' | 'install' | 'skip';

// Upstream's existing-cluster dialogue; without a terminal nothing is deleted: fail and say how.
async function existingCluster(o: KindQuickstartOptions, context: string): Promise<ExistingDecision> {
  const { io, runner } = o;
  const clusters = await mustRun(runner, 'list', 'kind', ['get', 'clusters', '-q']);
  if (!clusters.stdout.split('\n').some((l) => l.trim() === o.name)) return 'create';
  if (!io.isTTY) {
    throw new KnError(
      `Knative Cluster kind-${o.name} already exists and stdin is not a terminal to confirm deleting it. ` +
        `Delete it with 'kind delete cluster --name ${o.name}' or choose another name with --name`,
      'BadRequest',
    );
  }
  if (await confirm(io, `\nKnative Cluster kind-${o.name} already installed.\nDelete and recreate [y/N]: `)) {
    io.out('\n    Deleting cluster...');
    await mustRun(runner, 'delete', 'kind', ['delete', 'cluster', '--name', o.name], { echo: true });
    if (o.registry) await runTool(runner, 'docker', ['rm', '--force', REGISTRY_NAME]);
    return 'create';
  }
  io.out('\n    Installation skipped');
  const ns = await runTool(runner, 'kubectl', ['get', 'namespaces', '--context', context, '-o', 'name']);
  if (ns.code === 0 && ns.stdout.includes('knative')) {
    if (await confirm(io, 'Knative installation already exists.\nDelete and recreate the cluster [y/N]: ')) {
      io.out('\n    Deleting cluster...');
      await mustRun(runner, 'delete', 'kind', ['delete', 'cluster', '--name', o.name], { echo: true });
      return 'create';
    }
    io.out('Skipping installation');
    return 'skip';
  }
  return 'install';
}

/** Runs the whole flow. Resolves on success or a user's stop; throws KnError on failure. */
export async function runKindQuickstart(o: KindQuickstartOptions): Promise<void> {
  const { io, runner } = o;
  const started = Date.now();
  const context = `kind-${o.name}`;
  io.out('Running Knative Quickstart using Kind');
  requireKubectl(runner);
  await checkDocker(runner, 'failed to create kind cluster');
  if (!(await checkKind(o))) return;
  if ((o.extraMountHostPath ? 1 : 0) + (o.extraMountContainerPath ? 1 : 0) === 1) {
    throw new KnError('--extraMountHostPath and --extraMountContainerPath must be given together', 'BadRequest');
  }

  const progress: InstallProgress = { done: [] };
  let created = false;
  const failHint = (): string => {
    const lines: string[] = [];
    if (created) lines.push(`The kind cluster '${o.name}' was created${progress.done.length ? ` and has: ${progress.done.join(', ')}` : ''}.`);
    if (created) lines.push(`Remove it with: kind delete cluster --name ${o.name}`);
    if (o.registry) lines.push(`Remove the registry with: docker rm --force ${REGISTRY_NAME}`);
    return lines.length ? `\n${lines.join('\n')}` : '';
  };
  try {
    if (o.registry) await startRegistry(o);
    else {
      io.out('');
      io.out('A local registry is no longer created by default.');
      io.out('    To create a local registry, use the --registry flag.');
      io.out('');
    }
    const decision = await existingCluster(o, context);
    if (decision === 'create') {
      const mount = o.extraMountHostPath && o.extraMountContainerPath ? { hostPath: o.extraMountHostPath, containerPath: o.extraMountContainerPath } : undefined;
      io.out(mount ? '☸ Creating Kind cluster with extraMounts...' : '☸ Creating Kind cluster...');
      const config = kindClusterConfig({ name: o.name, kubernetesVersion: o.kubernetesVersion, hostPort: o.hostPort, extraMount: mount });
      // Marked before the call: a half-made cluster also needs `kind delete cluster`.
      created = true;
      await mustRun(runner, 'create', 'kind', ['create', 'cluster', '--wait=120s', '--config=-'], { stdin: config, echo: true });
      io.out('');
      if (o.registry) await connectRegistry(o, context);
    }
    if (decision !== 'skip') {
      const image = o.image ?? defaultImage(o.packageRoot);
      if (!o.image) await buildImage(runner, io, image, o.packageRoot);
      await mustRun(runner, 'load', 'kind', ['load', 'docker-image', image, '--name', o.name], { echo: true });
      io.out(`    Image ${image} loaded into the cluster...`);
      progress.done.push(`image ${image}`);
      await installKnative(
        { runner, io, context, image, serving: o.installServing, eventing: o.installEventing, platform: 'kind', registry: o.registry, retryDelayMs: o.retryDelayMs, configDir: o.configDir },
        `kind cluster ${o.name}`,
        progress,
      );
    }
  } catch (e) {
    if (e instanceof InstallError) throw new KnError(e.message + failHint(), 'InternalError');
    if (e instanceof ToolError) {
      if (!e.echoed && e.result.output.trim()) io.out(e.result.output.trimEnd());
      throw new KnError(`failed to ${toolStepText(e.step)} kind cluster ${o.name}: ${e.message}${failHint()}`, 'InternalError');
    }
    if (e instanceof KnError) throw e;
    throw new KnError(`${(e as Error).message}${failHint()}`, 'InternalError');
  }
  io.out(`🚀 Knative install took: ${goDurationSeconds(Date.now() - started)} `);
  io.out('🎉 Now have some fun with Serverless and Event Driven Apps!');
}

/** What a failed step was doing, for `failed to <text> <kind|minikube> cluster <name>`. */
export function toolStepText(step: string): string {
  switch (step) {
    case 'list':
      return 'check for an existing';
    case 'create':
      return 'create';
    case 'delete':
      return 'delete';
    case 'load':
      return 'load the image into';
    case 'image':
      return 'build the image for';
    case 'registry':
      return 'set up the local registry for';
    default:
      return `${step} for`;
  }
}
