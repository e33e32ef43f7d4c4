// Fake kind/docker/kubectl/minikube executables for the quickstart tests: small Node scripts first
// on PATH that append {tool, args, stdin} to a log file and answer by the first matching rule.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QuickstartIO } from '../../../../src/lib/cluster/kind/io.js';

/** How a fake answers a command line that starts with `match` ("kind get clusters"). */
export interface FakeRule {
  match: string;
  stdout?: string;
  stderr?: string;
  code?: number;
}

/** One recorded call. */
export interface FakeCall {
  tool: string;
  args: string[];
  stdin: string;
}

// POSIX sh, not Node: a Node start per call made a full flow take tens of seconds on a busy machine.
// Each call appends "<tool> <args...>" NUL-separated to calls.log (one record per line) and its stdin
// to stdin-<n>; rules are files rules/<i>.{match,code,stdout,stderr}, first match wins.
const SCRIPT = `#!/bin/sh
tool=$(basename "$0")
dir=$FAKE_DIR
n=$(wc -l < "$dir/calls.log" 2>/dev/null || echo 0)
n=$((n + 0))
cat > "$dir/stdin-$n"
{ printf '%s\\0' "$tool" "$@"; printf '\\n'; } >> "$dir/calls.log"
line="$tool $*"
i=0
while [ -f "$dir/rules/$i.match" ]; do
  match=$(cat "$dir/rules/$i.match")
  case "$line" in
    "$match"|"$match "*)
      [ -f "$dir/rules/$i.stdout" ] && cat "$dir/rules/$i.stdout"
      [ -f "$dir/rules/$i.stderr" ] && cat "$dir/rules/$i.stderr" >&2
      exit "$(cat "$dir/rules/$i.code")"
      ;;
  esac
  i=$((i + 1))
done
exit 0
`;

/** A temp dir of fake tools with its log and rules. */
export class FakeTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'kn-fake-tools-'));
  private readonly log = join(this.dir, 'calls.log');

  constructor(tools: string[] = ['kind', 'docker', 'kubectl', 'minikube'], rules: FakeRule[] = []) {
    mkdirSync(join(this.dir, 'bin'));
    mkdirSync(join(this.dir, 'helpers'));
    writeFileSync(this.log, '');
    for (const helper of ['cat', 'wc', 'basename']) {
      const real = ['/usr/bin', '/bin'].map((d) => join(d, helper)).find((f) => existsSync(f));
      if (real) symlinkSync(real, join(this.dir, 'helpers', helper));
    }
    for (const t of tools) {
      const file = join(this.dir, 'bin', t);
      writeFileSync(file, SCRIPT);
      chmodSync(file, 0o755);
    }
    this.rules(rules);
  }

  /** Replaces the rules (first match wins). */
  rules(rules: FakeRule[]): void {
    const dir = join(this.dir, 'rules');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    rules.forEach((r, i) => {
      writeFileSync(join(dir, `${i}.match`), r.match);
      writeFileSync(join(dir, `${i}.code`), String(r.code ?? 0));
      if (r.stdout) writeFileSync(join(dir, `${i}.stdout`), r.stdout);
      if (r.stderr) writeFileSync(join(dir, `${i}.stderr`), r.stderr);
    });
  }

  /** Environment whose PATH starts with the fakes. */
  env(): NodeJS.ProcessEnv {
    // Only the fakes and the shell's helpers: a real kubectl or docker elsewhere on PATH must not run.
    return { PATH: [join(this.dir, 'bin'), join(this.dir, 'helpers')].join(':'), FAKE_DIR: this.dir, HOME: this.dir };
  }

  calls(): FakeCall[] {
    if (!existsSync(this.log)) return [];
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((record, n) => {
        const [tool, ...args] = record.split('\0').slice(0, -1);
        return { tool: tool!, args, stdin: readFileSync(join(this.dir, `stdin-${n}`), 'utf8') };
      });
  }

  /** Calls as command lines ("kind get clusters -q"). */
  lines(): string[] {
    return this.calls().map((c) => [c.tool, ...c.args].join(' '));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** An in-memory QuickstartIO: collects output, answers prompts from a list. */
export function fakeIO(opts: { tty: boolean; answers?: string[] }): QuickstartIO & { text(): string } {
  let text = '';
  const answers = [...(opts.answers ?? [])];
  return {
    out: (l) => void (text += `${l}\n`),
    write: (t) => void (text += t),
    isTTY: opts.tty,
    readLine: async () => {
      const a = answers.shift();
      if (a !== undefined) text += `${a}\n`;
      return a;
    },
    text: () => text,
  };
}
