// Go's time.ParseDuration error texts, because kn quotes them verbatim (e.g. --scale-window).
import { parseGoDuration } from '../duration.js';

/** Parses a Go duration into milliseconds or throws Go's error text (`time: invalid duration "x"`). */
export function parseGoDurationStrict(text: string): number {
  const ms = parseGoDuration(text);
  if (ms !== undefined && text.trim() === text) return ms;
  throw new Error(goDurationError(text));
}

// Go distinguishes a missing unit and an unknown unit from other malformed input.
function goDurationError(text: string): string {
  const quoted = JSON.stringify(text);
  const body = text.replace(/^[+-]/, '');
  const parts = /^((?:\d+(?:\.\d*)?|\.\d+)([^\d.]*))+$/.exec(body);
  if (parts) {
    for (const m of body.matchAll(/(\d+(?:\.\d*)?|\.\d+)([^\d.]*)/g)) {
      if (m[2] === '') return `time: missing unit in duration ${quoted}`;
      if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(m[2])) {
        return `time: unknown unit ${JSON.stringify(m[2])} in duration ${quoted}`;
      }
    }
  }
  return `time: invalid duration ${quoted}`;
}
