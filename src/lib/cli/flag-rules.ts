// kn's flag rules on top of oclif: --x/--no-x pairs (ReconcileBoolFlags), `--x=true`, unknown flags.
import { KnError } from '../api/errors.js';

/** Flag definitions as oclif stores them (only the fields these rules read). */
export type FlagDefs = Record<string, { type?: string; allowNo?: boolean; char?: string }>;

function boolFlagNames(defs: FlagDefs): Array<{ name: string; allowNo: boolean }> {
  return Object.entries(defs)
    .filter(([, d]) => d.type === 'boolean')
    .map(([name, d]) => ({ name, allowNo: d.allowNo === true }));
}

/** Rewrites `--x=true` to `--x` (pflag accepts it; oclif does not); `=false` is left for the check. */
export function normalizeBoolValues(argv: string[], defs: FlagDefs): string[] {
  const names = new Set(boolFlagNames(defs).flatMap((f) => [f.name, `no-${f.name}`]));
  const out: string[] = [];
  for (const a of argv) {
    if (a === '--') {
      out.push(...argv.slice(out.length));
      return out;
    }
    const m = /^--([^=]+)=true$/i.exec(a);
    out.push(m && names.has(m[1] ?? '') ? `--${m[1]}` : a);
  }
  return out;
}

/** Rejects `--x` with `--no-x`, and `--x=false` (spec §0). */
export function checkBoolPairs(argv: string[], defs: FlagDefs): void {
  const end = argv.indexOf('--');
  const args = end < 0 ? argv : argv.slice(0, end);
  for (const { name, allowNo } of boolFlagNames(defs)) {
    for (const [flag, other] of [
      [name, `no-${name}`],
      [`no-${name}`, name],
    ] as const) {
      if (args.some((a) => a.toLowerCase() === `--${flag}=false`)) {
        if (!allowNo) throw new KnError(`invalid argument "false" for "--${flag}" flag`, 'BadRequest');
        throw new KnError(`use --${other} instead of providing "false" to --${flag}`, 'BadRequest');
      }
    }
    if (allowNo && args.includes(`--${name}`) && args.includes(`--no-${name}`)) {
      throw new KnError(`only one of --no-${name} and --${name} may be specified`, 'BadRequest');
    }
  }
}

/** First leftover argv entry that looks like a flag, as pflag's message ("unknown flag: --foo"). */
export function findUnknownFlag(rest: string[]): string | undefined {
  for (const a of rest) {
    if (a === '--') return undefined;
    if (a.startsWith('--') && a.length > 2) return `unknown flag: ${a.split('=')[0]}`;
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) return `unknown shorthand flag: '${a[1]}' in ${a}`;
  }
  return undefined;
}
