// kn version [-o json|yaml]
import { Flags } from '@oclif/core';
import { KnError } from '../lib/api/errors.js';
import { KnCommand } from '../lib/cli/base-command.js';
import { buildInfo } from '../lib/cli/build-info.js';
import { printYaml } from '../lib/output/printers/yaml.js';

/** Prints the client version and the Knative APIs it supports. */
export default class Version extends KnCommand {
  static override summary = 'Show the version of this client';
  static override usage = 'version';
  static override flags = {
    output: Flags.string({ char: 'o', description: "Output format. One of: json|yaml." }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parseKn(Version);
    const b = buildInfo();
    const apis = {
      serving: [`serving.knative.dev/v1 (knative-serving ${b.servingVersion})`],
      eventing: [
        `sources.knative.dev/v1 (knative-eventing ${b.eventingVersion})`,
        `eventing.knative.dev/v1 (knative-eventing ${b.eventingVersion})`,
      ],
    };
    const data = { Version: b.version, BuildDate: b.buildDate, GitRevision: b.gitRevision, SupportedAPIs: apis };
    switch (flags.output?.toLowerCase()) {
      case undefined:
        break;
      case 'json':
        // Upstream: tab-indented, no trailing newline.
        return this.print(JSON.stringify(data, null, '\t'));
      case 'yaml':
        return this.print(printYaml(data));
      default:
        throw new KnError("invalid value for output flag, choose one among 'json' or 'yaml'", 'BadRequest');
    }
    this.print(
      [
        `Version:      ${b.version}`,
        `Build Date:   ${b.buildDate}`,
        `Git Revision: ${b.gitRevision}`,
        'Supported APIs:',
        '* Serving',
        ...apis.serving.map((a) => `  - ${a}`),
        '* Eventing',
        ...apis.eventing.map((a) => `  - ${a}`),
        '',
      ].join('\n'),
    );
  }
}
