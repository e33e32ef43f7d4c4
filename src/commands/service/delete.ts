// kn service delete NAME... | --all
import { Flags } from '@oclif/core';
import { KnError } from '../../lib/api/errors.js';
import { toWaitOptions, waitFlags } from '../../lib/api/wait-flags.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { deleteMany } from '../../lib/cli/delete-many.js';
import { rejectUnsupported, targetFlag } from '../../lib/cli/unsupported.js';

/** Deletes services by name or all in the namespace. */
export default class ServiceDelete extends KnCommand {
  static override summary = 'Delete services';
  static override examples = ["# Delete a service 'svc1' in default namespace\n  kn service delete svc1", "# Delete a service 'svc2' in 'ns1' namespace\n  kn service delete svc2 -n ns1", '# Delete all services in \'ns1\' namespace\n  kn service delete --all -n ns1'];
  static override usage = 'service delete NAME [NAME ...]';
  static override flags = {
    ...namespaceFlag,
    all: Flags.boolean({ description: 'Delete all services in a namespace.', default: false }),
    ...waitFlags(false),
    ...targetFlag,
  };

  async run(): Promise<void> {
    const { flags, args } = await this.parseKn(ServiceDelete);
    rejectUnsupported(flags, ['target']);
    if (flags.all && args.length > 0) throw new KnError("'service delete' with --all flag requires no arguments", 'BadRequest');
    if (!flags.all && args.length === 0) throw new KnError("'service delete' requires the service name(s)", 'BadRequest');
    const ns = await this.namespace(flags);
    const client = await this.serving(ns);
    let names = args;
    if (flags.all) {
      names = (await client.services.list()).items.map((s) => s.metadata.name ?? '');
      if (names.length === 0) return this.println('No services found.');
    }
    await deleteMany(
      client.services,
      names,
      (n) => `Service '${n}' successfully deleted in namespace '${ns}'.`,
      (l) => this.println(l),
      flags.wait ? toWaitOptions(flags) : undefined,
    );
  }
}
