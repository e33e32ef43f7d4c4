// Installs kn-ts's Knative into a cluster with kubectl, bundle by bundle (manifests.ts), printing
// upstream quickstart's progress lines. Used by `kn quickstart kind` and `kn quickstart minikube`.
// Every kubectl call names the context explicitly, so a user's current context is never used by
// accident. Applies are retried (upstream: 3 tries, 10 s apart): right after CRDs are created the
// API server may briefly not serve the new kinds yet.
import { buildInfo } from '../../cli/build-info.js';
import { deploymentsIn, renderManifests, selectBundles, type ManifestBundle } from './manifests.js';
import type { QuickstartIO } from './io.js';
import { mustRun, runTool, ToolError, type ToolRunner } from './tools.js';

/** Settings of one install. */
/** Flags and dependencies every quickstart flow (kind, minikube) shares. */
export interface QuickstartOptions {
  /** Cluster (kind) or profile (minikube) name. */
  name: string;
  kubernetesVersion?: string;
  installServing: boolean;
  installEventing: boolean;
  /** Use this image instead of building one. */
  image?: string;
  runner: ToolRunner;
  io: QuickstartIO;
  /** Test hooks. */
  retryDelayMs?: number;
  configDir?: string;
  packageRoot?: string;
}

export interface InstallOptions {
  runner: ToolRunner;
  io: QuickstartIO;
  /** kubeconfig context of the cluster (`kind-<name>`, or the minikube profile). */
  context: string;
  image: string;
  serving: boolean;
  eventing: boolean;
  /** Which platform-specific step runs after Kourier. */
  platform: 'kind' | 'minikube';
  /** With a local registry (kind --registry): let Serving skip tag resolution for it. */
  registry?: boolean;
  /** Delay between apply attempts (default 10 s; tests use 0). */
  retryDelayMs?: number;
  /** Per-wait timeout given to kubectl (default 10m, as upstream). */
  waitTimeout?: string;
  /** Config folder (tests). */
  configDir?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What was installed so far, for the message of a failure midway. */
export interface InstallProgress {
  done: string[];
}

async function apply(opts: InstallOptions, step: string, yamlText: string): Promise<void> {
  const args = ['apply', '--context', opts.context, '-f', '-'];
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await sleep(opts.retryDelayMs ?? 10_000);
    last = await runTool(opts.runner, 'kubectl', args, { stdin: yamlText });
    if (last.code === 0) return;
  }
  throw new ToolError(step, ['kubectl', ...args], last!);
}

async function waitDeployments(opts: InstallOptions, step: string, yamlText: string): Promise<void> {
  for (const d of deploymentsIn(yamlText)) {
    await mustRun(opts.runner, step, 'kubectl', [
      'rollout', 'status', `deployment/${d.name}`, '--namespace', d.namespace, '--context', opts.context, `--timeout=${opts.waitTimeout ?? '10m'}`,
    ]);
  }
}

function bundle(opts: InstallOptions, name: ManifestBundle['name']): string | undefined {
  const b = selectBundles({ serving: opts.serving, eventing: opts.eventing, kind: opts.platform === 'kind' }, opts.configDir).filter((x) => x.name === name);
  return b.length && b[0]!.files.length ? renderManifests(b, opts.image, opts.configDir) : undefined;
}

/** Serving: CRDs, core (controller, webhook, autoscaler, activator), then waits for each Deployment. */
export async function installServing(opts: InstallOptions, progress: InstallProgress): Promise<void> {
  const { io } = opts;
  io.out(`🍿 Installing Knative Serving ${buildInfo().servingVersion} (kn-ts ${buildInfo().version}) ...`);
  await apply(opts, 'crds', bundle(opts, 'serving-crds')!);
  await mustRun(opts.runner, 'crds', 'kubectl', ['wait', '--for=condition=Established', '--all', 'crd', '--context', opts.context, `--timeout=${opts.waitTimeout ?? '10m'}`]);
  io.out('    CRDs installed...');
  progress.done.push('Serving CRDs');
  const core = bundle(opts, 'serving-core')!;
  await apply(opts, 'core', core);
  io.out('    Waiting for the Serving components to be ready...');
  await waitDeployments(opts, 'wait', core);
  io.out('    Core installed...');
  io.out('    Webhook is ready...');
  progress.done.push('Serving core');
  if (opts.registry) {
    await mustRun(opts.runner, 'registry', 'kubectl', [
      'patch', 'configmap', 'config-deployment', '--namespace', 'knative-serving', '--context', opts.context,
      '--type', 'merge', '-p', '{"data":{"registries-skipping-tag-resolving":"localhost:5001"}}',
    ]);
    io.out('    Enabled local registry deployment...');
  }
  io.out('    Finished installing Knative Serving');
}

/** Kourier's place: our gateway in kourier-system (config-network already names its class). */
export async function installKourier(opts: InstallOptions, progress: InstallProgress): Promise<void> {
  const { io } = opts;
  io.out(`🕸️ Installing Kourier networking layer (kn-ts gateway ${buildInfo().version}) ...`);
  const yamlText = bundle(opts, 'kourier')!;
  await apply(opts, 'kourier', yamlText);
  await waitDeployments(opts, 'wait', yamlText);
  io.out('    Kourier installed...');
  io.out('    Ingress patched...');
  progress.done.push('Kourier gateway');
  io.out('    Finished installing Kourier Networking layer');
}

/** kind: the NodePort Service the host port maps to; the sslip.io domain is in config-domain. */
export async function configureKourierForKind(opts: InstallOptions, progress: InstallProgress): Promise<void> {
  const { io } = opts;
  io.out('🕸️ Configuring Kourier for Kind...');
  await apply(opts, 'kourier-ingress', bundle(opts, 'kind')!);
  io.out('    Kourier service installed...');
  io.out('    Domain DNS set up...');
  progress.done.push('kourier-ingress NodePort Service');
  io.out('    Finished configuring Kourier');
}

/** minikube: the LoadBalancer Service `kourier` gets 127.0.0.1 from `minikube tunnel`; config-domain already says 127.0.0.1.sslip.io. */
export function configureKourierForMinikube(opts: InstallOptions): void {
  opts.io.out('🕸️ Configuring Kourier for Minikube...');
  opts.io.out('    Domain DNS set up...');
  opts.io.out('    Finished configuring Kourier');
}

/** The example Broker upstream's quickstart creates. */
export const EXAMPLE_BROKER = `apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: example-broker
  namespace: default
`;

/** Eventing: CRDs, config, the example broker. */
export async function installEventing(opts: InstallOptions, progress: InstallProgress): Promise<void> {
  const { io } = opts;
  io.out(`🔥 Installing Knative Eventing ${buildInfo().eventingVersion} (kn-ts ${buildInfo().version}) ... `);
  await apply(opts, 'crds', bundle(opts, 'eventing-crds')!);
  await mustRun(opts.runner, 'crds', 'kubectl', ['wait', '--for=condition=Established', '--all', 'crd', '--context', opts.context, `--timeout=${opts.waitTimeout ?? '10m'}`]);
  io.out('    CRDs installed...');
  progress.done.push('Eventing CRDs');
  const core = bundle(opts, 'eventing-core');
  if (core) {
    await apply(opts, 'core', core);
    await waitDeployments(opts, 'wait', core);
  }
  io.out('    Core installed...');
  io.out('    In-memory channel installed...');
  io.out('    Mt-channel broker installed...');
  progress.done.push('Eventing core');
  await apply(opts, 'broker', EXAMPLE_BROKER);
  io.out('    Example broker installed...');
  io.out('    Finished installing Knative Eventing');
}

/** Runs the selected parts in upstream's order; errors name the failed part as upstream does. */
export async function installKnative(opts: InstallOptions, clusterLabel: string, progress: InstallProgress): Promise<void> {
  const both = !opts.serving && !opts.eventing;
  const wrap = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      if (e instanceof ToolError) {
        if (!e.echoed && e.result.output.trim()) opts.io.out(e.result.output.trimEnd());
        throw new InstallError(`failed to install ${what} to ${clusterLabel}: ${e.message}`, e);
      }
      throw e;
    }
  };
  if (opts.serving || both) {
    await wrap('serving', () => installServing(opts, progress));
    await wrap('kourier', () => installKourier(opts, progress));
    if (opts.platform === 'kind') await wrap('kourier', () => configureKourierForKind(opts, progress));
    else configureKourierForMinikube(opts);
  }
  if (opts.eventing || both) await wrap('eventing', () => installEventing(opts, progress));
}

/** A failed install step (its tool output was already printed). */
export class InstallError extends Error {
  constructor(
    message: string,
    readonly toolError: ToolError,
  ) {
    super(message);
  }
}
