// Help output: a kn-style root page (commands grouped as upstream); oclif renders topic/command pages.
import { Help, type Interfaces } from '@oclif/core';
import { HELP_GROUPS, TOPICS } from './topics.js';

/** Help renderer for kn. */
export class KnHelp extends Help {
  /** Root page: description, grouped commands, pointers to more help. */
  formatKnRoot(): string {
    const config = this.config as Interfaces.Config;
    const describe = (name: string): string => {
      const cmd = config.findCommand(name);
      return TOPICS[name]?.description ?? cmd?.summary ?? cmd?.description ?? '';
    };
    const all = HELP_GROUPS.flatMap((g) => g.names);
    const width = Math.max(...all.map((n) => n.length)) + 2;
    const lines = [
      `${config.bin} manages Knative Serving and Eventing resources`,
      '',
      'Find more information about Knative at: https://knative.dev',
      '',
    ];
    for (const g of HELP_GROUPS) {
      lines.push(`${g.title}:`);
      for (const n of g.names) lines.push(`  ${n.padEnd(width)}${describe(n)}`);
      lines.push('');
    }
    lines.push(
      'Usage:',
      `  ${config.bin} [options]`,
      '',
      `Use "${config.bin} <command> --help" for more information about a given command.`,
      `Use "${config.bin} options" for a list of global command-line options (applies to all commands).`,
      '',
    );
    return lines.join('\n');
  }

  protected override async showRootHelp(): Promise<void> {
    process.stdout.write(this.formatKnRoot());
  }
}
