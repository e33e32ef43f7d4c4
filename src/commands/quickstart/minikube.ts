// kn quickstart minikube: a minikube profile with kn-ts's Serving, gateway and Eventing (upstream
// kn-quickstart's flow; logic in src/lib/cluster/kind/minikube.ts). Args after `--` go to `minikube start`.
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import { KnCommand } from '../../lib/cli/base-command.js';

/** Creates a minikube cluster and installs Knative (kn-ts) into it. */
export default class QuickstartMinikube extends KnCommand {
  static override summary = 'Quickstart with Minikube: start a minikube profile and install kn-ts Knative Serving, the gateway and Eventing';
  static override usage = 'quickstart minikube [-- minikube start args]';
  static override flags = {
    name: Flags.string({ char: 'n', description: 'minikube profile name to be used by kn-quickstart', default: 'knative' }),
    'kubernetes-version': Flags.string({ char: 'k', description: 'kubernetes version to use (1.x.y)' }),
    'install-serving': Flags.boolean({ description: 'install Serving on quickstart cluster', default: false }),
    'install-eventing': Flags.boolean({ description: 'install Eventing on quickstart cluster', default: false }),
    image: Flags.string({ description: 'use this kn-ts component image instead of building one with docker' }),
  };

  async run(): Promise<void> {
    // Everything after `--` belongs to `minikube start`, not to us.
    const dashes = this.argv.indexOf('--');
    const extraArgs = dashes >= 0 ? this.argv.slice(dashes + 1) : [];
    if (dashes >= 0) this.argv = this.argv.slice(0, dashes);
    const { flags, args } = await this.parseKn(QuickstartMinikube);
    if (args.length > 0) throw new KnError(`unknown command "${args[0]}" for "kn quickstart minikube"`, 'BadRequest');
    const { runMinikubeQuickstart } = await import('../../lib/cluster/kind/minikube.js');
    const { processIO } = await import('../../lib/cluster/kind/io.js');
    await runMinikubeQuickstart({
      name: flags.name,
      kubernetesVersion: flags['kubernetes-version'],
      installServing: flags['install-serving'],
      installEventing: flags['install-eventing'],
      extraArgs,
      image: flags.image,
      runner: { env: process.env, echo: (t) => this.print(t) },
      io: processIO((l) => this.println(l)),
    });
  }
}
