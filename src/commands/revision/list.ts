// kn revision list [NAME] [-s SERVICE]
import { Flags } from '@oclif/core';
import { KnCommand, allNamespacesFlag, namespaceFlag } from '../../lib/cli/base-command.js';
import { requireAtMost } from '../../lib/cli/args.js';
import { withService, type Service } from '../../lib/api/serving-types.js';
import { revisionColumns, sortRevisions, trafficByRevision } from '../../lib/output/columns/revision.js';
import { listOutputFlags } from '../../lib/output/flags.js';
import { renderList } from '../../lib/output/list.js';

/** Lists revisions with their traffic share and tags. */
export default class RevisionList extends KnCommand {
  static override summary = 'List revisions';
  static override description = 'List revisions for a given service.';
  static override examples = [
    '# List all revisions\n  kn revision list',
    '# List revisions for a service \'svc1\' in namespace \'myapp\'\n  kn revision list -s svc1 -n myapp',
    '# List all revisions in JSON output format\n  kn revision list -o json',
  ];
  static override usage = 'revision list [NAME]';
  static override flags = {
    ...namespaceFlag,
    ...allNamespacesFlag,
    service: Flags.string({ char: 's', description: 'Service name' }),
    ...listOutputFlags(),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(RevisionList);
    requireAtMost(args, 1, `'kn revision list' accepts maximum 1 argument, not ${args.length} arguments as given`);
    const client = await this.serving(await this.namespace(flags));
    let services: Service[];
    if (flags.service) {
      // The service must exist: its not-found error is the answer.
      services = [await client.services.get(flags.service)];
    } else {
      services = flags.output ? [] : (await client.services.list()).items;
    }
    const filter = { ...(flags.service ? withService(flags.service) : {}), ...(args[0] ? { name: args[0] } : {}) };
    const list = await client.revisions.list(filter);
    list.items = sortRevisions(list.items);
    this.print(renderList(list, revisionColumns(trafficByRevision(services)), flags, 'No revisions found.'));
  }
}
