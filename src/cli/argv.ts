// Rewrites noun/verb aliases in argv so oclif only ever sees canonical command ids.
import { NESTED_GROUPS, NOUN_ALIASES, NO_LS_ALIAS, VERB_ALIASES } from './topics.js';

/** `kn ksvc ls` → `kn service list`. Only the leading command words are touched. */
export function rewriteAliases(argv: string[]): string[] {
  const out = [...argv];
  const first = out[0];
  if (first !== undefined && NOUN_ALIASES[first]) out[0] = NOUN_ALIASES[first];
  // The verb follows the noun, or the sub-group for nested groups (`source ping ls`).
  const i = out[0] !== undefined && out[1] !== undefined && NESTED_GROUPS.has(`${out[0]} ${out[1]}`) ? 2 : 1;
  const w = out[i];
  const verb = w === undefined ? undefined : VERB_ALIASES[w];
  if (verb && !NO_LS_ALIAS.has(out.slice(0, i).join(' '))) out[i] = verb;
  return out;
}
