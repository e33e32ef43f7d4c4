// kn entry point (bundled to dist/kn.js; bin/run.js calls main()). Resolves aliases, dispatches to
// the explicit COMMANDS map through oclif, prints help, and prints every error once, kn-style.
import { Config, Plugin, type Command, type Interfaces } from '@oclif/core';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KnError } from '../lib/api/errors.js';
import { buildInfo } from '../lib/cli/build-info.js';
import { rewriteAliases } from './argv.js';
import { COMMANDS, loadCommands } from './commands.js';
import { formatError, toUserMessage } from './errors.js';
import { TOPICS } from './topics.js';

export { COMMANDS } from './commands.js';

const HELP_FLAGS = new Set(['-h', '--help']);

// The help renderer extends oclif's Help, whose module tree (formatters, templates) only help pages
// need: imported when a page is shown, not on every command run.
const loadHelp = async () => (await import('./help.js')).KnHelp;

// Commands (not groups) named on the root help page; their summaries come from their classes.
const ROOT_HELP_COMMANDS = ['completion', 'version'];

/** Builds the oclif Config from our in-memory package description and command classes (default: all). */
export async function loadKnConfig(
  commands?: Record<string, Command.Class>,
  root = dirname(fileURLToPath(import.meta.url)),
): Promise<Config> {
  commands ??= await loadCommands(Object.keys(COMMANDS));
  const pjson = {
    name: 'kn',
    version: buildInfo().version.replace(/^v/, ''),
    oclif: {
      bin: 'kn',
      topicSeparator: ' ' as const,
      // Explicit discovery: oclif would import `target` and read `identifier`; we hand it the
      // classes this run needs (commandCache) so nothing is read from disk, bundled or not.
      commands: { strategy: 'explicit' as const, target: './dist/kn.js', identifier: 'COMMANDS' },
      topics: TOPICS,
    },
  };
  const plugin = new Plugin({ root, pjson: pjson as unknown as Interfaces.PJSON, isRoot: true, ignoreManifest: true });
  (plugin as unknown as { commandCache: Record<string, unknown> }).commandCache = commands;
  await plugin.load();
  const config = new Config({ root, pjson: pjson as unknown as Interfaces.PJSON, plugins: new Map([[plugin.name, plugin]]) });
  await config.load();
  return config;
}

/** Children (sub-commands and sub-groups) of a group id, sorted as cobra does. */
function childrenOf(ids: string[], group: string): string[] {
  const prefix = `${group}:`;
  const names = new Set<string>();
  for (const id of ids) if (id.startsWith(prefix)) names.add(id.slice(prefix.length).split(':')[0] as string);
  for (const t of Object.keys(TOPICS)) if (t.startsWith(prefix)) names.add(t.slice(prefix.length).split(':')[0] as string);
  return [...names].sort();
}

/** Runs kn with argv (without node and script); returns the exit code (0 or 1). */
export async function main(rawArgv: string[]): Promise<number> {
  let path = 'kn';
  try {
    const argv = rewriteAliases(rawArgv);
    const ids = Object.keys(COMMANDS);
    const isGroup = (id: string) => TOPICS[id] !== undefined || ids.some((c) => c.startsWith(`${id}:`));
    // Only the commands a run needs are imported (and described to oclif).
    const configFor = async (needed: string[]) => loadKnConfig(await loadCommands(needed));

    const words: string[] = [];
    for (const a of argv) {
      if (a.startsWith('-')) break;
      words.push(a);
    }
    const wantsHelp = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).some((a) => HELP_FLAGS.has(a));
    if (words[0] === 'help') {
      words.shift();
      argv.shift();
    }
    if (words.length === 0 && (argv.length === 0 || wantsHelp || rawArgv[0] === 'help')) {
      const config = await configFor(ROOT_HELP_COMMANDS.filter((id) => ids.includes(id)));
      const KnHelp = await loadHelp();
      const help = new KnHelp(config);
      process.stdout.write(help.formatKnRoot());
      return 0;
    }
    if (rawArgv[0] === 'help') return await showHelpFor(words, ids, configFor);

    // Longest run of leading words naming a command.
    let depth = 0;
    for (let i = Math.min(words.length, 3); i > 0; i--) {
      if (ids.includes(words.slice(0, i).join(':'))) {
        depth = i;
        break;
      }
    }
    if (depth > 0) {
      const id = words.slice(0, depth).join(':');
      path = `kn ${words.slice(0, depth).join(' ')}`;
      if (wantsHelp) return await showHelpFor(words.slice(0, depth), ids, configFor);
      // Completion describes every command; others need only themselves.
      const config = await configFor(id === 'completion' ? ids : [id]);
      await config.runCommand(id, argv.slice(depth));
      return 0;
    }

    // A group: deepest leading run of words naming one.
    let g = 0;
    for (let i = Math.min(words.length, 3); i > 0; i--) {
      if (isGroup(words.slice(0, i).join(':'))) {
        g = i;
        break;
      }
    }
    if (g === 0) {
      if (words.length === 0) throw new KnError(`unknown flag: ${argv[0]?.split('=')[0] ?? ''} for 'kn'`);
      throw new KnError(`unknown command "${words[0]}" for "kn"`);
    }
    const group = words.slice(0, g);
    if (wantsHelp) return await showHelpFor(group, ids, configFor);
    const available = childrenOf(ids, group.join(':')).join(', ');
    const next = words[g];
    if (next !== undefined) {
      throw new KnError(`unknown sub-command '${next}' for 'kn ${group.join(' ')}'. Available sub-commands: ${available}`);
    }
    // Upstream quirk: the path names only the binary and the group's own word.
    throw new KnError(`no sub-command given for 'kn ${group[group.length - 1]}'. Available sub-commands: ${available}`);
  } catch (e) {
    process.stderr.write(formatError(toUserMessage(e, path)));
    return 1;
  }
}

// Help for a command (loads it) or a group (loads the group's commands).
async function showHelpFor(words: string[], ids: string[], configFor: (ids: string[]) => Promise<Config>): Promise<number> {
  const id = words.join(':');
  const needed = ids.includes(id) ? [id] : ids.filter((c) => c.startsWith(`${id}:`));
  const config = await configFor(needed);
  const KnHelp = await loadHelp();
  const help = new KnHelp(config);
  const cmd = config.findCommand(id);
  if (cmd) await help.showCommandHelp(cmd);
  else await help.showHelp(words);
  return 0;
}
