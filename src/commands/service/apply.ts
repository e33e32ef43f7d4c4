// kn service apply NAME (three-way merge with the last-applied configuration)
import { KnError, isNotFound } from '../../lib/api/errors.js';
import type { Service as ApiService } from '../../lib/api/serving-types.js';
import { toWaitOptions, waitFlags } from '../../lib/api/wait-flags.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { applyEditFlags } from '../../lib/serving/changes.js';
import { profilesFromConfig, readEditFlagsFor, readServiceFile } from '../../lib/serving/cli/command-support.js';
import { newService, serviceFromFile } from '../../lib/serving/cli/construct.js';
import { checkServiceName } from '../../lib/serving/cli/validate-name.js';
import { LAST_APPLIED_ANNOTATION, applyService, showUrl, waitIfRequested } from '../../lib/serving/cli/service-ops.js';
import { applyEditFlagDefs } from '../../lib/serving/flags.js';

/** Creates or updates a service declaratively. */
export default class ServiceApply extends KnCommand {
  static override summary = 'Apply a service declaration';
  static override usage = 'service apply NAME';
  static override examples = [
    "# Create service 's0' if it does not exist yet\n  kn service apply s0 --image ghcr.io/knative/helloworld-go",
    '# Applying the same options again changes nothing\n  kn service apply s0 --image ghcr.io/knative/helloworld-go',
    '# Add an environment variable (always give all options, unlike update)\n  kn service apply s0 --image ghcr.io/knative/helloworld-go --env foo=bar',
    '# Read the service declaration from a file\n  kn service apply s0 --filename my-svc.yml',
  ];
  static override flags = {
    ...namespaceFlag,
    ...applyEditFlagDefs,
    ...waitFlags(true),
  };

  async run(): Promise<ApiService> {
    const { flags, args, raw } = await this.parseKn(ServiceApply);
    const filename = flags.filename;
    if (args.length !== 1 && !filename) {
      throw new KnError("'service apply' requires the service name given as single argument", 'BadRequest');
    }
    const name = args.length === 1 ? args[0] : '';
    const edit = readEditFlagsFor(this.commandPath, flags, raw);
    if (edit.image === undefined && !filename) {
      throw new KnError("'service apply' requires the image name to run provided with the --image option", 'BadRequest');
    }
    const ns = await this.namespace(flags);
    const base = filename ? serviceFromFile(readServiceFile(filename), name, ns) : newService(name, ns);
    const { service } = applyEditFlags(base, edit, {
      verb: 'apply',
      profiles: edit.profile !== undefined ? profilesFromConfig(this.knConfig().profiles) : undefined,
    });
    const desired = service as unknown as ApiService;
    const svcName = service.metadata.name ?? '';
    checkServiceName(svcName);
    const client = await this.serving(ns);

    let doing = 'Applying';
    let done = 'applied';
    try {
      const current = await client.services.get(svcName);
      const annotations = current.metadata.annotations;
      if (annotations && !(LAST_APPLIED_ANNOTATION in annotations)) {
        this.println("Warning: 'kn service apply' should be used only for services created by 'kn service apply'");
      }
    } catch (e) {
      if (!isNotFound(e)) throw e;
      doing = 'Creating';
      done = 'created';
    }

    const write = (t: string) => this.print(t);
    if (!(await applyService(client, desired))) {
      this.println(`No changes to apply to service '${svcName}'.`);
      await showUrl(client, svcName, 'unchanged', '', write);
      return desired;
    }
    await waitIfRequested(client, svcName, flags.wait ? toWaitOptions(flags) : undefined, doing, done, write);
    return desired;
  }
}
