// kn service export NAME -o yaml|json [--with-revisions] [--mode export|replay]
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { withService } from '../../lib/api/serving-types.js';
import { buildExport } from '../../lib/output/export.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printOptions } from '../../lib/output/list.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Exports a service (and optionally its routed revisions) for re-creation elsewhere. */
export default class ServiceExport extends KnCommand {
  static override summary = 'Export a service and its revisions';
  static override examples = [
    '# Export a service in YAML format (Beta)\n  kn service export foo -n bar -o yaml',
    '# Export a service in JSON format (Beta)\n  kn service export foo -n bar -o json',
    '# Export a service with revisions (Beta)\n  kn service export foo --with-revisions --mode=export -n bar -o json',
  ];
  static override usage = 'service export NAME';
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(),
    'with-revisions': Flags.boolean({ description: 'Export all routed revisions (Beta)', default: false }),
    mode: Flags.string({ description: "Format for exporting all routed revisions. One of replay|export (Beta)", options: ['replay', 'export'] }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ServiceExport);
    const name = requireSingleName(args, "'kn service export' requires name of the service as single argument");
    if (!flags.output) throw new KnError("'kn service export' requires output format", 'BadRequest');
    const client = await this.serving(await this.namespace(flags));
    const svc = await client.services.get(name);
    const revisions = flags['with-revisions'] ? (await client.revisions.list(withService(name))).items : [];
    const out = buildExport(svc, revisions, { withRevisions: flags['with-revisions'], mode: (flags.mode ?? 'export') as 'export' | 'replay' });
    this.print(printObject(out, flags.output, printOptions(flags)));
  }
}
