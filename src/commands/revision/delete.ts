// kn revision delete NAME... | --prune SERVICE | --prune-all
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import { ROUTING_STATE_LABEL, withService } from '../../lib/api/serving-types.js';
import { toWaitOptions, waitFlags } from '../../lib/api/wait-flags.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { deleteMany } from '../../lib/cli/delete-many.js';
import { sortRevisions } from '../../lib/output/columns/revision.js';

/** Deletes revisions by name, or the unreferenced ones of a service / namespace. */
export default class RevisionDelete extends KnCommand {
  static override summary = 'Delete revisions';
  static override usage = 'revision delete NAME [NAME ...]';
  static override examples = [
    "# Delete a revision 'svc1-abcde' in default namespace\n  kn revision delete svc1-abcde",
    "# Delete all unreferenced revisions\n  kn revision delete --prune-all",
    "# Delete all unreferenced revisions for a given service 'mysvc'\n  kn revision delete --prune mysvc",
  ];
  static override flags = {
    ...namespaceFlag,
    prune: Flags.string({ description: 'Remove unreferenced revisions for a given service in a namespace.' }),
    'prune-all': Flags.boolean({ description: 'Remove all unreferenced revisions in a namespace.', default: false }),
    ...waitFlags(false),
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(RevisionDelete);
    if (flags['prune-all'] && args.length > 0) {
      throw new KnError("'kn revision delete' with --prune-all flag requires no arguments", 'BadRequest');
    }
    const pruning = flags['prune-all'] || flags.prune !== undefined;
    if (!pruning && args.length === 0) throw new KnError("'kn revision delete' requires one or more revision name", 'BadRequest');
    const ns = await this.namespace(flags);
    const client = await this.serving(ns);
    let names = args;
    if (pruning) {
      const list = await client.revisions.list(flags.prune ? withService(flags.prune) : undefined);
      names = sortRevisions(list.items)
        .filter((r) => r.metadata.labels?.[ROUTING_STATE_LABEL] !== 'active')
        .map((r) => r.metadata.name ?? '');
      if (names.length === 0) return this.println('No unreferenced revisions found.');
    }
    await deleteMany(
      client.revisions,
      names,
      (n) => `Revision '${n}' deleted in namespace '${ns}'.`,
      (l) => this.println(l),
      flags.wait ? toWaitOptions(flags) : undefined,
    );
  }
}
