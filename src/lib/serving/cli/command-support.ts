// Glue the three service edit commands share: kn-config profiles, the -f file, the edit context.
import { readFileSync, statSync } from 'node:fs';
import type { Profile as ConfigProfile } from '../../cli/kn-config.js';
import type { Interfaces } from '@oclif/core';
import { KnError } from '../../api/errors.js';
import type { Profile } from '../changes.js';
import { FlagValueError, readEditFlags } from '../flags.js';
import type { EditFlags } from './edit-flags.js';

/** Converts kn config-file profiles (`name`/`value` lists) into edit profiles. */
export function profilesFromConfig(profiles: Record<string, ConfigProfile> | undefined): Record<string, Profile> {
  const out: Record<string, Profile> = {};
  for (const [name, p] of Object.entries(profiles ?? {})) {
    out[name] = {
      annotations: Object.fromEntries((p.annotations ?? []).map((a) => [a.name, a.value])),
      labels: Object.fromEntries((p.labels ?? []).map((l) => [l.name, l.value])),
    };
  }
  return out;
}

/** Largest -f file kn reads (a Service manifest is a few KiB). */
export const MAX_SERVICE_FILE_BYTES = 4 * 1024 * 1024;

/** Reads the -f file (size-capped; '-' is not special, as upstream). */
export function readServiceFile(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`open ${path}: no such file or directory`);
    throw e;
  }
  if (size > MAX_SERVICE_FILE_BYTES) throw new Error(`file ${path} is larger than ${MAX_SERVICE_FILE_BYTES} bytes`);
  return readFileSync(path, 'utf8');
}

/** readEditFlags with kn's flag-error suffix (` for 'kn service create'`) on malformed flag values. */
export function readEditFlagsFor(
  commandPath: string,
  flags: Record<string, unknown>,
  raw: Readonly<Interfaces.ParserOutput['raw']>,
): EditFlags {
  try {
    return readEditFlags(flags, raw);
  } catch (e) {
    if (e instanceof FlagValueError) throw new KnError(`${e.message} for '${commandPath}'`, 'BadRequest');
    throw e;
  }
}
