// Positional-argument checks with kn's exact messages (commands are non-strict; see base-command).
import { KnError } from '../api/errors.js';

/** Exactly one name, else `message`. */
export function requireSingleName(args: string[], message: string): string {
  if (args.length !== 1 || !args[0]) throw new KnError(message, 'BadRequest');
  return args[0];
}

/** At most `max` args, else `message`. */
export function requireAtMost(args: string[], max: number, message: string): void {
  if (args.length > max) throw new KnError(message, 'BadRequest');
}
