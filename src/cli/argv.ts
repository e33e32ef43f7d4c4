// Rewrites noun/verb aliases in argv so oclif only ever sees canonical command ids.
import { NOUN_ALIASES, NO_LS_ALIAS, VERB_ALIASES } from './topics.js';

/** `kn ksvc ls` → `kn service list`. Only the leading command words are touched. */
export function rewriteAliases(argv: string[]): string[] {
  const out = [...argv];
  const first = out[0];
  if (first !== undefined && NOUN_ALIASES[first]) out[0] = NOUN_ALIASES[first];
  // The verb is the first word after the noun(s) that is not a flag: position 1 or 2 (source ping ls).
  for (let i = 1; i < Math.min(out.length, 3); i++) {
    const w = out[i] as string;
    if (w.startsWith('-')) break;
    const verb = VERB_ALIASES[w];
    if (verb) {
      if (!NO_LS_ALIAS.has(out.slice(0, i).join(' '))) out[i] = verb;
      break;
    }
  }
  return out;
}
