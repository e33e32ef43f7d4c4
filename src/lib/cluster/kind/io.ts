// Terminal I/O of the quickstart flows, injectable so tests drive prompts without a terminal.
import { createInterface } from 'node:readline';

/** Where the flow prints and how it asks. */
export interface QuickstartIO {
  /** One line on stdout. */
  out(line: string): void;
  /** Text without a newline (prompts, tool output echoed as it comes). */
  write(text: string): void;
  /** True when stdin is a terminal a person can answer on. */
  isTTY: boolean;
  /** One line from stdin (undefined at end of input). */
  readLine(): Promise<string | undefined>;
}

/** The process's stdin/stdout. */
export function processIO(out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): QuickstartIO {
  return {
    out,
    write: (t) => void process.stdout.write(t),
    isTTY: Boolean(process.stdin.isTTY),
    readLine: () =>
      new Promise((resolve) => {
        const rl = createInterface({ input: process.stdin, terminal: false });
        let answered = false;
        rl.once('line', (line) => {
          answered = true;
          rl.close();
          resolve(line);
        });
        rl.once('close', () => {
          if (!answered) resolve(undefined);
        });
      }),
  };
}

/** Prints `question` and reads the answer; true only for y/Y (upstream's [y/N] prompts). */
export async function confirm(io: QuickstartIO, question: string): Promise<boolean> {
  io.write(question);
  const answer = (await io.readLine())?.trim();
  return answer === 'y' || answer === 'Y';
}

/** Upstream's "Continue anyway?" rule: only n/N stops, anything else (even empty) continues. */
export async function continueAnyway(io: QuickstartIO): Promise<boolean> {
  io.write('Continue anyway? (not recommended) [y/N]: ');
  const answer = (await io.readLine())?.trim();
  return answer !== 'n' && answer !== 'N';
}

/** Go's time.Duration String() of a duration rounded to seconds (`2m13s`, `1h0m5s`, `0s`). */
export function goDurationSeconds(ms: number): string {
  let s = Math.round(ms / 1000);
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** major.minor of a version string such as `kind v0.30.0 go1.24` or `v1.37.0` (undefined if none). */
export function majorMinor(text: string): [number, number] | undefined {
  const m = /v?(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** True if version a < b (major.minor). */
export function olderThan(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
