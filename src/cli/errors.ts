// Prints errors the kn way (spec §0): "Error: <msg>" then "Run '<cmd> --help' for usage"; exit 1.
import { KnError } from '../lib/api/errors.js';

/** Translates oclif parser errors into pflag's wording, suffixed with the command path. */
export function toUserMessage(err: unknown, commandPath: string): string {
  if (err instanceof KnError) return err.message;
  const e = err as { message?: string; oclif?: unknown; name?: string };
  const msg = String(e?.message ?? err);
  const flagMsg = translateParseError(msg);
  if (flagMsg !== undefined) return `${flagMsg} for '${commandPath}'`;
  return msg;
}

function translateParseError(msg: string): string | undefined {
  let m = /Nonexistent flags?: ([^\s,]+)/.exec(msg);
  if (m) return `unknown flag: ${m[1]}`;
  m = /Flag --([\w-]+) expects a value/.exec(msg);
  if (m) return `flag needs an argument: --${m[1]}`;
  m = /Parsing --([\w-]+)\s+Expected an integer but received: (\S*)/s.exec(msg);
  if (m) return `invalid argument "${m[2]}" for "--${m[1]}" flag: strconv.ParseInt: parsing "${m[2]}": invalid syntax`;
  m = /Expected --([\w-]+)=(\S*) to be one of: (.*)/s.exec(msg);
  if (m) return `invalid argument "${m[2]}" for "--${m[1]}" flag: must be one of: ${(m[3] ?? '').trim()}`;
  m = /Parsing --([\w-]+)\s+(.*)/s.exec(msg);
  if (m) return `invalid argument for "--${m[1]}" flag: ${(m[2] ?? '').trim().split('\n')[0]}`;
  return undefined;
}

/** The two stderr lines kn prints for a failed command. */
export function formatError(message: string, plugin = false): string {
  const clean = message.replace(/^error:\s*/i, '');
  let out = `Error: ${clean}\n`;
  if (!plugin) {
    const m = /'(kn\s.+?)'/.exec(clean);
    out += `Run '${m ? m[1] : 'kn'} --help' for usage\n`;
  }
  return out;
}
