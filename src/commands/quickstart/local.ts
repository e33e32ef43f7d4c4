// kn quickstart local: starts (or stops, or deletes) the embedded control plane on 127.0.0.1 and
// points a kubeconfig context at it. The heavy parts (daemon spawn, YAML) load only when run.
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import { KnCommand } from '../../lib/cli/base-command.js';

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** Starts a local Knative control plane with no Docker and no cluster. */
export default class QuickstartLocal extends KnCommand {
  static override summary = 'Start Knative on this machine: a local control plane on 127.0.0.1, no Docker needed';
  static override usage = 'quickstart local';
  static override flags = {
    name: Flags.string({ char: 'n', description: 'Name of the local cluster (data dir and kubeconfig context)', default: 'knative' }),
    'gateway-port': Flags.integer({ description: 'Port of the ingress gateway on 127.0.0.1', default: 31080, min: 1, max: 65535 }),
    'data-dir': Flags.string({ description: 'Where the cluster keeps its state (default: $XDG_DATA_HOME/kn-ts/NAME)' }),
    stop: Flags.boolean({ description: 'Stop the local control plane; every object is kept for the next start', default: false }),
    delete: Flags.boolean({ description: 'Stop the local control plane and delete its data and kubeconfig context', default: false }),
    foreground: Flags.boolean({ description: 'Run attached to this terminal (Ctrl-C stops it)', default: false }),
    'log-level': Flags.string({ description: 'Log level of the control plane: error, warn, info or debug', default: 'info' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseKn(QuickstartLocal);
    if (flags.stop && flags.delete) throw new KnError('only one of --stop and --delete may be specified', 'BadRequest');
    if (!(LOG_LEVELS as readonly string[]).includes(flags['log-level'])) {
      throw new KnError(`invalid --log-level '${flags['log-level']}': one of ${LOG_LEVELS.join(', ')}`, 'BadRequest');
    }
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(flags.name) || flags.name.length > 40) {
      throw new KnError(`invalid cluster name '${flags.name}': use lower-case letters, digits and '-' (at most 40)`, 'BadRequest');
    }
    const ops = await import('../../lib/cluster/local/quickstart.js');
    const opts = {
      name: flags.name,
      dataDir: flags['data-dir'],
      gatewayPort: flags['gateway-port'],
      logLevel: flags['log-level'] as (typeof LOG_LEVELS)[number],
      kubeconfig: flags.kubeconfig,
      out: (line: string) => this.println(line),
    };
    if (flags.stop) return ops.stopLocal(opts);
    if (flags.delete) return ops.deleteLocal(opts);
    if (flags.foreground) return ops.runForeground(opts);
    return ops.startLocal(opts);
  }

}
