// kn service describe NAME
import { requireSingleName } from '../../lib/cli/args.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { rejectUnsupported, targetFlag } from '../../lib/cli/unsupported.js';
import { Flags } from '@oclif/core';
import { withService, type Revision } from '../../lib/api/serving-types.js';
import { describeService, revisionDescs } from '../../lib/output/describe-service.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printOptions } from '../../lib/output/list.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a service, its routed revisions and conditions. */
export default class ServiceDescribe extends KnCommand {
  static override summary = 'Show details of a service';
  static override examples = [
    "# Describe service 'svc' in human friendly format\n  kn service describe svc",
    "# Describe service 'svc' in YAML format\n  kn service describe svc -o yaml",
    '# Print only service URL\n  kn service describe svc -o url',
  ];
  static override usage = 'service describe NAME';
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(['url']),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
    ...targetFlag,
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ServiceDescribe);
    rejectUnsupported(flags, ['target']);
    const name = requireSingleName(args, "'service describe' requires the service name given as single argument");
    const client = await this.serving(await this.namespace(flags));
    const svc = await client.services.get(name);
    if (flags.output) {
      if (flags.output.toLowerCase() === 'url') return this.println(svc.status?.url ?? '');
      return this.print(printObject(svc, flags.output, printOptions(flags)));
    }
    const revisions = (await client.revisions.list(withService(name))).items;
    const byName = new Map<string, Revision>(revisions.map((r) => [r.metadata.name ?? '', r]));
    // Traffic may point at revisions not labelled with this service (rare): fetch those one by one.
    for (const t of svc.status?.traffic ?? []) {
      if (t.revisionName && !byName.has(t.revisionName)) byName.set(t.revisionName, await client.revisions.get(t.revisionName));
    }
    this.print(describeService(svc, revisionDescs(svc, byName, revisions, flags.verbose), flags.verbose, new Date()));
  }
}
