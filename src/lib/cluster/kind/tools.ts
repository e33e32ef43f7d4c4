// Runs the external tools of the quickstart (kind, docker, kubectl, minikube): always with an
// argument array (never a shell string), with optional stdin, output captured so it can be shown
// when the step fails, and optionally echoed while it runs (kind create cluster's progress).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Result of one tool run. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived, for error messages. */
  output: string;
}

/** How to run tools: the environment (PATH decides which binaries run) and an echo sink. */
export interface ToolRunner {
  env: NodeJS.ProcessEnv;
  /** Receives output chunks of runs started with `echo: true`. */
  echo?: (chunk: string) => void;
}

/** Full path of `name` on the runner's PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** Runs `cmd args...`; resolves with the exit code (127 when it cannot start), never rejects. */
export function runTool(runner: ToolRunner, cmd: string, args: string[], opts: { stdin?: string; echo?: boolean } = {}): Promise<ToolResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let output = '';
    const child = spawn(cmd, args, { env: runner.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const take = (stream: 'out' | 'err') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'out') stdout += text;
      else stderr += text;
      output += text;
      if (opts.echo) runner.echo?.(text);
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    child.stdin.on('error', () => undefined); // a tool that exits without reading stdin
    child.stdin.end(opts.stdin ?? '');
    child.on('error', (err) => resolve({ code: 127, stdout, stderr, output: output + `${cmd}: ${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, output }));
  });
}

/** A failed tool step: what ran, its exit status and its combined output. */
export class ToolError extends Error {
  constructor(
    readonly step: string,
    readonly command: string[],
    readonly result: ToolResult,
    /** The output was already shown while the tool ran. */
    readonly echoed = false,
  ) {
    super(`${step}: exit status ${result.code}`);
  }
}

/** Runs a tool and throws ToolError unless it exits 0. */
export async function mustRun(runner: ToolRunner, step: string, cmd: string, args: string[], opts: { stdin?: string; echo?: boolean } = {}): Promise<ToolResult> {
  const result = await runTool(runner, cmd, args, opts);
  if (result.code !== 0) throw new ToolError(step, [cmd, ...args], result, Boolean(opts.echo && runner.echo));
  return result;
}
