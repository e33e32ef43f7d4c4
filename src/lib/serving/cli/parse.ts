// Parsing of kn's repeatable `KEY=VALUE` / `KEY-` flag values, with upstream's error texts.

/** Quotes a string the way Go's %q does for the printable ASCII values kn sees in practice. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Renders a string slice the way Go's %v does (`[a b c]`). */
export function goSlice(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

/** Entries to set (in first-seen order, later values win) and keys to remove (`KEY-`). */
export interface SetAndRemove {
  set: Map<string, string>;
  remove: string[];
}

/**
 * Splits `KEY<delim>VALUE` and `KEY-` arguments, keeping command-line order.
 * A bare `KEY` without the delimiter and without the trailing `-` is an error.
 */
export function setAndRemoveFromArgs(args: readonly string[], delimiter = '='): SetAndRemove {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const arg of args) {
    const i = arg.indexOf(delimiter);
    if (i < 0) {
      if (!arg.endsWith('-')) {
        throw new Error(`argument requires a value that contains the ${goQuote(delimiter)} character; got ${goQuote(arg)}`);
      }
      remove.push(arg.slice(0, -1));
      continue;
    }
    set.set(arg.slice(0, i), arg.slice(i + delimiter.length));
  }
  return { set, remove };
}

/**
 * Parses `KEY=VALUE` arguments into a map; a bare `KEY` maps to "" (kn's MapFromArrayAllowingSingles,
 * used by --label/--annotation where `KEY-` then marks a removal). Duplicate keys are an error.
 */
export function mapFromArgsAllowingSingles(args: readonly string[], delimiter = '='): Map<string, string> {
  return mapFromArgs(args, delimiter, true);
}

/** Like mapFromArgsAllowingSingles, but every argument must contain the delimiter. */
export function mapFromArgsStrict(args: readonly string[], delimiter = '='): Map<string, string> {
  return mapFromArgs(args, delimiter, false);
}

function mapFromArgs(args: readonly string[], delimiter: string, allowSingles: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of args) {
    const i = arg.indexOf(delimiter);
    if (i < 0) {
      if (!allowSingles) {
        throw new Error(`Argument requires a value that contains the ${goQuote(delimiter)} character; got ${goQuote(arg)}`);
      }
      out.set(arg, '');
      continue;
    }
    const key = arg.slice(0, i);
    if (key === '') throw new Error('The key is empty');
    if (out.has(key)) throw new Error(`The key ${goQuote(key)} has been duplicate in ${goSlice(args)}`);
    out.set(key, arg.slice(i + delimiter.length));
  }
  return out;
}

/** Removes the `KEY-` entries from the map and returns their keys without the dash. */
export function takeMinusSuffixed(map: Map<string, string>): string[] {
  const removed: string[] = [];
  for (const key of [...map.keys()]) {
    if (key.endsWith('-')) {
      removed.push(key.slice(0, -1));
      map.delete(key);
    }
  }
  return removed;
}

/** Splits comma-separated values of a repeatable "strings" flag (pflag StringSlice semantics). */
export function splitCommaValues(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  return values.flatMap((v) => (v === '' ? [] : v.split(',')));
}

/** Parses a base-10 integer the way Go's strconv.Atoi accepts it; undefined when invalid. */
export function parseGoInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
