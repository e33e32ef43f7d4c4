// kn quickstart kind: a kind cluster with kn-ts's Serving, gateway and Eventing (upstream
// kn-quickstart's flow; logic in src/lib/cluster/kind/). --print-manifests prints the YAML instead.
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import { KnCommand } from '../../lib/cli/base-command.js';

/** Creates a kind cluster and installs Knative (kn-ts) into it. */
export default class QuickstartKind extends KnCommand {
  static override summary = 'Quickstart with Kind: create a kind cluster and install kn-ts Knative Serving, the gateway and Eventing (needs Docker, kind, kubectl)';
  static override usage = 'quickstart kind';
  static override flags = {
    name: Flags.string({ char: 'n', description: 'kind cluster name to be used by kn-quickstart', default: 'knative' }),
    'kubernetes-version': Flags.string({ char: 'k', description: 'kubernetes version to use (1.x.y) or (kindest/node:v1.x.y)' }),
    'install-serving': Flags.boolean({ description: 'install Serving on quickstart cluster', default: false }),
    'install-eventing': Flags.boolean({ description: 'install Eventing on quickstart cluster', default: false }),
    registry: Flags.boolean({ description: 'install registry for Kind quickstart cluster', default: false }),
    extraMountHostPath: Flags.string({ description: 'set the extraMount hostPath on Kind quickstart cluster' }),
    extraMountContainerPath: Flags.string({ description: 'set the extraMount containerPath on Kind quickstart cluster' }),
    'host-port': Flags.integer({ description: 'set the host port (on the machine running kind) the gateway is reachable on', default: 80, min: 1, max: 65535 }),
    image: Flags.string({ description: 'use this kn-ts component image instead of building one with docker (it must be in the local docker images for kind load)' }),
    'print-manifests': Flags.boolean({ description: 'print the manifests (multi-document YAML, in apply order) and exit; nothing is installed', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(QuickstartKind);
    if (args.length > 0) throw new KnError(`unknown command "${args[0]}" for "kn quickstart kind"`, 'BadRequest');
    const serving = flags['install-serving'];
    const eventing = flags['install-eventing'];
    if (flags['print-manifests']) {
      const m = await import('../../lib/cluster/kind/manifests.js');
      this.print(m.renderManifests(m.selectBundles({ serving, eventing, kind: true }), flags.image ?? m.defaultImage()));
      return;
    }
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(flags.name)) {
      throw new KnError(`invalid cluster name '${flags.name}': use lower-case letters, digits, '-' and '.'`, 'BadRequest');
    }
    const { runKindQuickstart } = await import('../../lib/cluster/kind/kind.js');
    const { processIO } = await import('../../lib/cluster/kind/io.js');
    await runKindQuickstart({
      name: flags.name,
      kubernetesVersion: flags['kubernetes-version'],
      installServing: serving,
      installEventing: eventing,
      registry: flags.registry,
      hostPort: flags['host-port'],
      extraMountHostPath: flags.extraMountHostPath,
      extraMountContainerPath: flags.extraMountContainerPath,
      image: flags.image,
      runner: { env: process.env, echo: (t) => this.print(t) },
      io: processIO((l) => this.println(l)),
    });
  }
}
