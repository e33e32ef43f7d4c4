// `kn quickstart minikube`: upstream's minikube flow (spec §15) with kn-ts's image and manifests:
// kubectl and minikube checks → existing profile (ask on a terminal, fail clearly otherwise) →
// minikube start → tunnel instructions → docker build + minikube image load → Serving, Kourier,
// Eventing → timing. The kubeconfig context minikube writes is named after the profile.
import { KnError } from '../../api/errors.js';
import { requireKubectl, toolStepText } from './kind.js';
import { confirm, goDurationSeconds, majorMinor, olderThan, type QuickstartIO } from './io.js';
import { buildImage } from './image.js';
import { InstallError, installKnative, type InstallProgress, type QuickstartOptions } from './install.js';
import { defaultImage } from './manifests.js';
import { findOnPath, mustRun, runTool, ToolError, type ToolRunner } from './tools.js';

/** Flags of `kn quickstart minikube`. */
export interface MinikubeQuickstartOptions extends QuickstartOptions {
  /** Arguments after `--`, appended to `minikube start`. */
  extraArgs: string[];
}

const MIN_MINIKUBE: [number, number] = [1, 37];
const DEFAULT_KUBERNETES_VERSION = '1.34.0';

// `minikube config get KEY`: the value, or undefined when unset (minikube exits non-zero then).
async function minikubeConfig(runner: ToolRunner, key: string): Promise<string | undefined> {
  const r = await runTool(runner, 'minikube', ['config', 'get', key]);
  const v = r.stdout.trim();
  return r.code === 0 && v ? v : undefined;
}

/** The profile named by `-p/--profile` among the extra args, else the --name value. */
export function profileName(name: string, extraArgs: string[]): string {
  for (let i = 0; i < extraArgs.length; i++) {
    const a = extraArgs[i]!;
    if ((a === '-p' || a === '--profile') && extraArgs[i + 1]) return extraArgs[i + 1]!;
    const m = /^(?:-p|--profile)=(.+)$/.exec(a);
    if (m) return m[1]!;
  }
  return name;
}

/** Runs the whole flow. */
export async function runMinikubeQuickstart(o: MinikubeQuickstartOptions): Promise<void> {
  const { io, runner } = o;
  const started = Date.now();
  const profile = profileName(o.name, o.extraArgs);
  io.out('Running Knative Quickstart using Minikube');
  requireKubectl(runner);
  if (!findOnPath('minikube', runner.env)) throw new KnError('minikube is required for quickstart minikube\nDownload from https://minikube.sigs.k8s.io/docs/start/', 'BadRequest');
  const v = await runTool(runner, 'minikube', ['version', '--short']);
  if (v.code !== 0) throw new KnError(`failed to get minikube version: ${v.output.trim() || `exit status ${v.code}`}`, 'BadRequest');
  io.out(`Minikube version is: ${v.stdout.trim()}`);
  const mm = majorMinor(v.stdout);
  if (mm && olderThan(mm, MIN_MINIKUBE)) {
    io.out(`WARNING: We recommend at least Minikube v${MIN_MINIKUBE[0]}.${MIN_MINIKUBE[1]}, while you are using v${mm[0]}.${mm[1]}`);
    io.out('You can download a newer version from https://github.com/kubernetes/minikube/releases/');
    // Upstream stops on anything but y; without a terminal there is nobody to say y.
    if (!io.isTTY || !(await confirm(io, 'Continue anyway? (not recommended) [y/N]: '))) {
      io.out('Installation stopped. Please upgrade minikube and run again');
      return;
    }
  }

  const progress: InstallProgress = { done: [] };
  let created = false;
  const failHint = (): string =>
    created ? `\nThe minikube profile '${profile}' was created${progress.done.length ? ` and has: ${progress.done.join(', ')}` : ''}.\nRemove it with: minikube delete --profile ${profile}` : '';
  try {
    const profiles = await runTool(runner, 'minikube', ['profile', 'list']);
    const exists = profiles.code === 0 && new RegExp(`(^|[\\s|])${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([\\s|]|$)`, 'm').test(profiles.stdout);
    let create = true;
    if (exists) {
      if (!io.isTTY) {
        throw new KnError(
          `Knative Cluster ${profile} already exists and stdin is not a terminal to confirm deleting it. Delete it with 'minikube delete --profile ${profile}' or choose another name with --name`,
          'BadRequest',
        );
      }
      if (await confirm(io, `Knative Cluster ${profile} already installed.\nDelete and recreate [y/N]: `)) {
        io.out('deleting cluster...');
        await mustRun(runner, 'delete', 'minikube', ['delete', '--profile', profile], { echo: true });
      } else {
        io.out('Installation skipped');
        create = false;
      }
    }
    if (create) {
      io.out('☸ Creating Minikube cluster...');
      const version = o.kubernetesVersion || (await minikubeConfig(runner, 'kubernetes-version')) || DEFAULT_KUBERNETES_VERSION;
      if (!o.kubernetesVersion) {
        io.out('\nBy default, using the standard minikube driver for your system');
        io.out('If you wish to use a different driver, please configure minikube using');
        io.out('    minikube config set driver <your-driver>\n');
      }
      const cpus = (await minikubeConfig(runner, 'cpus')) ?? '3';
      const memory = (await minikubeConfig(runner, 'memory')) ?? '3072';
      created = true;
      await mustRun(
        runner,
        'create',
        'minikube',
        ['start', '--kubernetes-version', version, '--cpus', cpus, '--memory', memory, '--profile', o.name, '--wait', 'all', '--insecure-registry', '10.0.0.0/24', '--addons=registry', ...o.extraArgs],
        { echo: true },
      );
      io.out('\nTo finish setting up networking for minikube, run the following command in a separate terminal window:');
      io.out(`    minikube tunnel --profile ${profile}`);
      io.out('The tunnel command must be running in a terminal window any time when using the knative quickstart environment.');
      io.out('\nPress the Enter key to continue');
      if (io.isTTY) await io.readLine();
    }
    const image = o.image ?? defaultImage(o.packageRoot);
    if (!o.image) await buildImage(runner, io, image, o.packageRoot);
    await mustRun(runner, 'load', 'minikube', ['image', 'load', image, '--profile', profile], { echo: true });
    io.out(`    Image ${image} loaded into the cluster...`);
    progress.done.push(`image ${image}`);
    await installKnative(
      { runner, io, context: profile, image, serving: o.installServing, eventing: o.installEventing, platform: 'minikube', retryDelayMs: o.retryDelayMs, configDir: o.configDir },
      `minikube cluster ${profile}`,
      progress,
    );
  } catch (e) {
    if (e instanceof InstallError) throw new KnError(e.message + failHint(), 'InternalError');
    if (e instanceof ToolError) {
      if (!e.echoed && e.result.output.trim()) io.out(e.result.output.trimEnd());
      throw new KnError(`failed to ${toolStepText(e.step)} minikube cluster ${profile}: ${e.message}${failHint()}`, 'InternalError');
    }
    if (e instanceof KnError) throw e;
    throw new KnError(`${(e as Error).message}${failHint()}`, 'InternalError');
  }
  io.out(`🚀 Knative install took: ${goDurationSeconds(Date.now() - started)} `);
  io.out('🎉 Now have some fun with Serverless and Event Driven Apps!');
}
