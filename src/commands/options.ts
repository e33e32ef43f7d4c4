// kn options: lists the global flags every command accepts.
import { KnCommand, globalFlags } from '../lib/cli/base-command.js';

/** Prints the global (inherited) flags. */
export default class Options extends KnCommand {
  static override summary = 'Print the list of flags inherited by all commands';
  static override usage = 'options';
  static override flags = {};

  async run(): Promise<void> {
    await this.parseKn(Options);
    const rows = Object.entries(globalFlags)
      .filter(([, f]) => !f.hidden)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, f]) => {
        const type = f.type === 'boolean' ? '' : f.multiple ? ' stringArray' : ' string';
        return { left: `      --${name}${type}`, desc: f.description ?? '' };
      });
    const width = Math.max(...rows.map((r) => r.left.length)) + 3;
    this.print(
      'The following options can be passed to any command:\n\n' +
        rows.map((r) => r.left.padEnd(width) + r.desc).join('\n') +
        '\n',
    );
  }
}
