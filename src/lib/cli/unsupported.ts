// Spec flags we accept in the grammar but do not implement yet: they fail loudly, never silently.
import { Flags } from '@oclif/core';
import { KnError } from '../api/errors.js';

/** `--target` (gitops offline mode): registered so help lists it, rejected when used. */
export const targetFlag = {
  target: Flags.string({ description: 'Work on local directory instead of a remote cluster (experimental; not supported by this kn yet)' }),
};

/** Throws when a not-yet-supported flag was given. */
export function rejectUnsupported(flags: Record<string, unknown>, names: string[]): void {
  for (const n of names) {
    if (flags[n] !== undefined && flags[n] !== false) {
      throw new KnError(`the --${n} flag is not supported by this version of kn yet`, 'BadRequest');
    }
  }
}
