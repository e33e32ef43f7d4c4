// kn service update NAME
import { KnError } from '../../lib/api/errors.js';
import { withService, type Service as ApiService } from '../../lib/api/serving-types.js';
import { toWaitOptions, waitFlags } from '../../lib/api/wait-flags.js';
import { KnCommand, namespaceFlag } from '../../lib/cli/base-command.js';
import { rejectUnsupported, targetFlag } from '../../lib/cli/unsupported.js';
import { applyEditFlags } from '../../lib/serving/changes.js';
import { profilesFromConfig, readEditFlagsFor } from '../../lib/serving/cli/command-support.js';
import { NoBaseRevisionError, getBaseRevision, showUrl, waitForService } from '../../lib/serving/cli/service-ops.js';
import { readTrafficFlags, updateEditFlags } from '../../lib/serving/flags.js';
import { computeTraffic, trafficFlagsGiven } from '../../lib/serving/traffic.js';
import type { Revision, Service } from '../../lib/serving/types.js';

/** Updates a service: only the flags given are changed; retried on conflicts. */
export default class ServiceUpdate extends KnCommand {
  static override summary = 'Update a service';
  static override usage = 'service update NAME';
  static override examples = [
    "# Set environment variables of service 'svc'\n  kn service update svc --env KEY1=VALUE1 --env KEY2=VALUE2",
    "# Change the port of service 'svc'\n  kn service update svc --port 80",
    '# Set resource requests and limits\n  kn service update svc --request cpu=500m --limit memory=1024Mi --limit cpu=1000m',
    "# Tag revisions 'echo-v2' and 'echo-v1' as 'latest' and 'stable'\n  kn service update svc --tag echo-v2=latest --tag echo-v1=stable",
    "# Move tag 'testing' to 'staging' on the latest ready revision\n  kn service update svc --untag testing --tag @latest=staging",
    "# Send 10% to the revision tagged 'test' and the rest to the latest ready revision\n  kn service update svc --tag echo-v3=test --traffic test=10,@latest=90",
  ];
  static override flags = {
    ...namespaceFlag,
    ...updateEditFlags,
    ...waitFlags(true),
    ...targetFlag,
  };

  async run(): Promise<ApiService> {
    const { flags, args, raw } = await this.parseKn(ServiceUpdate);
    if (!raw.some((t) => t.type === 'flag')) throw new KnError('flag(s) not set\nUsage: update NAME', 'BadRequest');
    rejectUnsupported(flags, ['target']);
    if (args.length !== 1) throw new KnError("'service update' requires the service name given as single argument", 'BadRequest');
    const name = args[0];
    const edit = readEditFlagsFor(this.commandPath, flags, raw);
    const traffic = readTrafficFlags(flags, raw);
    const ns = await this.namespace(flags);
    const client = await this.serving(ns);
    const profiles = edit.profile !== undefined ? profilesFromConfig(this.knConfig().profiles) : undefined;

    let latestBefore = '';
    let generationBefore: number | undefined;
    const saved = await client.services.updateWithRetry(name, async (current) => {
      if (current.metadata.deletionTimestamp) {
        throw new KnError(`can't update service ${name} because it has been marked for deletion`, 'Conflict');
      }
      latestBefore = current.status?.latestReadyRevisionName ?? '';
      generationBefore = current.metadata.generation;
      let baseRevision;
      // Pinning the digest needs the revision the template came from (not when --image is given).
      if (edit.image === undefined && edit.lockToDigest !== false) {
        try {
          baseRevision = await getBaseRevision(client, current);
        } catch (e) {
          if (!(e instanceof NoBaseRevisionError)) throw e;
          this.print('Warning: No revision found to update image digest');
        }
      }
      const { service, makesRevision } = applyEditFlags(current as unknown as Service, edit, {
        verb: 'update',
        baseRevision: baseRevision as unknown as Revision | undefined,
        profiles,
      });
      if (trafficFlagsGiven(traffic)) {
        const revisions = (await client.revisions.list(withService(name))).items;
        service.spec.traffic = computeTraffic(service, traffic, {
          verb: 'update',
          revisions: revisions as unknown as Revision[],
          mutation: makesRevision,
        });
      }
      return service as unknown as ApiService;
    });

    if (saved.metadata.generation === generationBefore) {
      this.println(`Service '${name}' updated in namespace '${ns}'.`);
      this.println('No new revision has been created.');
      return saved;
    }
    if (!flags.wait) {
      this.println(`Service '${name}' updated in namespace '${ns}'.`);
      return saved;
    }
    const write = (t: string) => this.print(t);
    this.println(`Updating Service '${name}' in namespace '${ns}':`);
    this.println();
    await waitForService(client, name, toWaitOptions(flags), write);
    this.println();
    await showUrl(client, name, latestBefore, 'updated', write);
    return saved;
  }
}
