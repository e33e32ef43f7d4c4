// Shell completion scripts generated from the command tree (static: no call back into kn, so
// completion stays fast and works without a cluster).

/** One command for completion purposes. */
export interface CompletionCommand {
  /** Words after `kn`, e.g. ["service", "create"]. */
  path: string[];
  /** Long flag names with dashes ("--image") and short ones ("-n"). */
  flags: string[];
}

/** Sub-words per prefix ("" for root, "service" ...) and flags per full command. */
function tables(cmds: CompletionCommand[]) {
  const children = new Map<string, Set<string>>();
  const flags = new Map<string, string[]>();
  for (const c of cmds) {
    for (let i = 0; i < c.path.length; i++) {
      const prefix = c.path.slice(0, i).join(' ');
      if (!children.has(prefix)) children.set(prefix, new Set());
      children.get(prefix)!.add(c.path[i]!);
    }
    flags.set(c.path.join(' '), [...c.flags].sort());
  }
  return { children, flags };
}

function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A bash completion script (source it, or put it in bash-completion's directory). */
export function bashCompletion(cmds: CompletionCommand[]): string {
  const { children, flags } = tables(cmds);
  const lines: string[] = [];
  lines.push('# bash completion for kn', '');
  lines.push('__kn_words() {', '  case "$1" in');
  for (const [prefix, words] of [...children.entries()].sort()) {
    lines.push(`    ${shQuote(prefix)}) echo ${shQuote([...words].sort().join(' '))} ;;`);
  }
  lines.push('  esac', '}', '');
  lines.push('__kn_flags() {', '  case "$1" in');
  for (const [path, fl] of [...flags.entries()].sort()) lines.push(`    ${shQuote(path)}) echo ${shQuote(fl.join(' '))} ;;`);
  lines.push('  esac', '}', '');
  lines.push(
    '__kn_complete() {',
    '  local cur="${COMP_WORDS[COMP_CWORD]}" path="" w i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    w="${COMP_WORDS[i]}"',
    '    [[ "$w" == -* ]] && continue',
    '    local next="${path:+$path }$w"',
    '    if [[ -n "$(__kn_words "$next")" || -n "$(__kn_flags "$next")" ]]; then path="$next"; fi',
    '  done',
    '  if [[ "$cur" == -* ]]; then',
    '    COMPREPLY=($(compgen -W "$(__kn_flags "$path")" -- "$cur"))',
    '  else',
    '    COMPREPLY=($(compgen -W "$(__kn_words "$path")" -- "$cur"))',
    '  fi',
    '}',
    'complete -o default -F __kn_complete kn',
    '',
  );
  return lines.join('\n');
}

/** A zsh completion script (uses bashcompinit so both shells share one table). */
export function zshCompletion(cmds: CompletionCommand[]): string {
  return ['#compdef kn', '', 'autoload -U +X bashcompinit && bashcompinit', '', bashCompletion(cmds)].join('\n');
}
