// kn service create NAME --image IMAGE
import { KnError } from '../../lib/api/errors.js';
import type { Service as ApiService } from '../../lib/api/serving-types.js';
import { toWaitOptions, waitFlags } from '../../lib/api/wait-flags.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { rejectUnsupported, targetFlag } from '../../lib/cli/unsupported.js';
import { applyEditFlags } from '../../lib/serving/changes.js';
import { profilesFromConfig, readEditFlagsFor, readServiceFile } from '../../lib/serving/cli/command-support.js';
import { newService, serviceFromFile } from '../../lib/serving/cli/construct.js';
import { checkServiceName } from '../../lib/serving/cli/validate-name.js';
import { replaceService, serviceExists, waitIfRequested } from '../../lib/serving/cli/service-ops.js';
import { createEditFlags, readTrafficFlags } from '../../lib/serving/flags.js';
import { computeTraffic } from '../../lib/serving/traffic.js';

/** Creates (or with --force replaces) a service. */
export default class ServiceCreate extends KnCommand {
  static override summary = 'Create a service';
  static override usage = 'service create NAME --image IMAGE';
  static override examples = [
    "# Create a service 's0' using image ghcr.io/knative/helloworld-go\n  kn service create s0 --image ghcr.io/knative/helloworld-go",
    '# Create a service with environment variables\n  kn service create s1 --env TARGET=v1 --env FROM=examples --image ghcr.io/knative/helloworld-go',
    "# Create or replace service 's1' (--force)\n  kn service create --force s1 --image ghcr.io/knative/helloworld-go",
    '# Create a service listening on port 8080 with HTTP/2 cleartext\n  kn service create s2 --port h2c:8080 --image ghcr.io/knative/helloworld-go',
    '# Create a private (cluster-local) service\n  kn service create s3 --image ghcr.io/knative/helloworld-go --cluster-local',
    '# Create a service from a file, adding an environment variable\n  kn service create s4 -f service.yaml --env NAME=value',
  ];
  static override flags = {
    ...namespaceFlag,
    ...createEditFlags,
    ...waitFlags(true),
    ...targetFlag,
  };

  async run(): Promise<ApiService> {
    const { flags, args, raw } = await this.parseKn(ServiceCreate);
    rejectUnsupported(flags, ['target']);
    const filename = flags.filename;
    if (args.length !== 1 && !filename) {
      throw new KnError("'service create' requires the service name given as single argument", 'BadRequest');
    }
    const name = args.length === 1 ? args[0] : '';
    const edit = readEditFlagsFor(this.commandPath, flags, raw);
    if (edit.image === undefined && !filename) {
      throw new KnError("'service create' requires the image name to run provided with the --image option", 'BadRequest');
    }
    const ns = await this.namespace(flags);
    const base = filename ? serviceFromFile(readServiceFile(filename), name, ns) : newService(name, ns);
    const { service, makesRevision } = applyEditFlags(base, edit, {
      verb: 'create',
      profiles: edit.profile !== undefined ? profilesFromConfig(this.knConfig().profiles) : undefined,
    });
    const traffic = readTrafficFlags(flags, raw);
    if (traffic.tag !== undefined) {
      service.spec.traffic = computeTraffic(service, { tag: traffic.tag, traffic: ['@latest=100'] }, { verb: 'create', mutation: makesRevision });
    }

    const svcName = service.metadata.name ?? '';
    checkServiceName(svcName);
    const client = await this.serving(ns);
    const wait = flags.wait ? toWaitOptions(flags) : undefined;
    const write = (t: string) => this.print(t);
    const desired = service as unknown as ApiService;
    if (await serviceExists(client, svcName)) {
      if (!flags.force) {
        throw new KnError(
          `cannot create service '${svcName}' in namespace '${ns}' because the service already exists and no --force option was given`,
          'AlreadyExists',
        );
      }
      if (!(await replaceService(client, desired))) {
        this.println(`Service '${svcName}' replaced in namespace '${ns}' (unchanged).`);
        return desired;
      }
      await waitIfRequested(client, svcName, wait, 'Replacing', 'replaced', write);
      return desired;
    }
    await client.services.create(desired);
    await waitIfRequested(client, svcName, wait, 'Creating', 'created', write);
    return desired;
  }
}
