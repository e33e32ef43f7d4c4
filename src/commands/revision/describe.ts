// kn revision describe NAME
import { Flags } from '@oclif/core';
import { isNotFound } from '../../lib/api/errors.js';
import { SERVICE_LABEL, type Service } from '../../lib/api/serving-types.js';
import { requireSingleName } from '../../lib/cli/args.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { describeRevision } from '../../lib/output/describe-revision.js';
import { machineOutputFlags } from '../../lib/output/flags.js';
import { printOptions } from '../../lib/output/list.js';
import { printObject } from '../../lib/output/printers/index.js';

/** Shows a revision. */
export default class RevisionDescribe extends KnCommand {
  static override summary = 'Show details of a revision';
  static override usage = 'revision describe NAME';
  static override examples = ["# Show details of a revision 'svc1-00001'\n  kn revision describe svc1-00001", "# Show details in YAML format\n  kn revision describe svc1-00001 -o yaml"];
  static override flags = {
    ...namespaceFlag,
    ...machineOutputFlags(),
    verbose: Flags.boolean({ char: 'v', description: 'More output.', default: false }),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(RevisionDescribe);
    const name = requireSingleName(args, "'kn revision describe' requires name of the revision as single argument");
    const client = await this.serving(await this.namespace(flags));
    const rev = await client.revisions.get(name);
    if (flags.output) {
      return this.print(printObject(rev, flags.output, printOptions(flags)));
    }
    let svc: Service | undefined;
    const svcName = rev.metadata.labels?.[SERVICE_LABEL];
    if (svcName) {
      try {
        svc = await client.services.get(svcName);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    this.print(describeRevision(rev, svc, flags.verbose, new Date()));
  }
}
