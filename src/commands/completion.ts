// kn completion bash|zsh
import { KnError } from '../lib/api/errors.js';
import { KnCommand } from '../lib/cli/base-command.js';
import { bashCompletion, zshCompletion, type CompletionCommand } from '../lib/cli/completion.js';

const SHELLS = "'bash', 'fish', 'powershell' or 'zsh'";

/** Prints a shell completion script to stdout. */
export default class Completion extends KnCommand {
  static override summary = 'Output shell completion code';
  static override description =
    'This command prints shell completion code which needs to be evaluated to provide interactive completion.\n\nSupported Shells:\n - bash\n - zsh';
  static override usage = 'completion SHELL';
  static override examples = ['# Generate completion code for bash\n  source <(kn completion bash)', '# Generate completion code for zsh\n  source <(kn completion zsh)\n  compdef _kn kn'];
  static override flags = {};

  async run(): Promise<void> {
    const { args } = await this.parseKn(Completion);
    if (args.length !== 1) throw new KnError(`Only one argument can be provided, either ${SHELLS}`, 'BadRequest');
    const cmds: CompletionCommand[] = this.config.commands
      .filter((c) => !c.hidden)
      .map((c) => ({
        path: c.id.split(':'),
        flags: Object.entries(c.flags ?? {})
          .filter(([, f]) => !f.hidden)
          .flatMap(([name, f]) => [`--${name}`, ...(f.char ? [`-${f.char}`] : [])]),
      }));
    switch (args[0]) {
      case 'bash':
        return this.print(bashCompletion(cmds));
      case 'zsh':
        return this.print(zshCompletion(cmds));
      case 'fish':
      case 'powershell':
        throw new KnError(`'${args[0]}' shell completion is not supported by this version of kn yet; use 'bash' or 'zsh'`, 'BadRequest');
      default:
        throw new KnError(`${SHELLS} shell completion is supported`, 'BadRequest');
    }
  }
}
