// Each in-process component's own log, written where the API server serves pods/log from for its
// mirror pod (containerLogPath of the pod's uid and container), so `kubectl logs -n knative-serving
// -l app=activator` shows that component's lines. control-plane.log keeps every line regardless.
// Lines logged before a component's pod exists (start-up) wait in memory and open its file.
import { mkdirSync, rmSync, createWriteStream, type WriteStream } from 'node:fs';
import type { Logger } from '../../controller/controller.js';
import { containerLogPath, podLogDir } from '../node/log-paths.js';

/** Where one component's lines go now: its mirror pod's identity. */
export interface LogTarget {
  namespace: string;
  pod: string;
  uid: string;
  container: string;
}

// A component that logs a lot before its pod exists keeps only its newest lines.
const MAX_PENDING_LINES = 1000;

/** Per-component log files of the mirror pods. */
export class ComponentLogs {
  private readonly streams = new Map<string, { target: LogTarget; stream: WriteStream }>();
  private readonly pending = new Map<string, string[]>();

  constructor(private readonly logDataDir: string) {}

  /** Appends one line (with its newline) to a component's log. */
  write(component: string, line: string): void {
    const open = this.streams.get(component);
    if (open) {
      open.stream.write(line);
      return;
    }
    const lines = this.pending.get(component) ?? [];
    lines.push(line);
    if (lines.length > MAX_PENDING_LINES) lines.shift();
    this.pending.set(component, lines);
  }

  /** Points a component's log at its (new) mirror pod; a previous pod's file is removed, as the kubelet does. */
  attach(component: string, target: LogTarget): void {
    const open = this.streams.get(component);
    if (open && open.target.uid === target.uid) return;
    if (open) {
      open.stream.end();
      this.pending.set(component, []);
      rmSync(podLogDir(this.logDataDir, open.target.namespace, open.target.pod, open.target.uid), { recursive: true, force: true });
    }
    const path = containerLogPath(this.logDataDir, target.namespace, target.pod, target.uid, target.container);
    mkdirSync(podLogDir(this.logDataDir, target.namespace, target.pod, target.uid), { recursive: true, mode: 0o700 });
    const stream = createWriteStream(path, { flags: 'a', mode: 0o600 });
    // A failed write must not take the control plane down; control-plane.log still has the line.
    stream.on('error', () => undefined);
    this.streams.set(component, { target, stream });
    for (const line of this.pending.get(component) ?? []) stream.write(line);
    this.pending.delete(component);
  }

  /** Flushes and closes every file. */
  async close(): Promise<void> {
    const all = [...this.streams.values()];
    this.streams.clear();
    await Promise.all(all.map(({ stream }) => new Promise<void>((resolve) => stream.end(resolve))));
  }
}

/** Formats a log line the way control-plane.log has it. */
export type LineWriter = (level: 'info' | 'error' | 'debug', msg: string) => string | undefined;

/**
 * A logger that writes through `write` (which formats, level-filters and prints to the shared
 * stream, returning the printed line or undefined) and copies each printed line to the component
 * `route(msg)` names, or to `fallback`.
 */
export function teeLogger(write: LineWriter, logs: ComponentLogs, fallback: string, route: (msg: string) => string | undefined = () => undefined): Logger {
  const at = (level: 'info' | 'error' | 'debug') => (msg: string) => {
    const line = write(level, msg);
    if (line !== undefined) logs.write(route(msg) ?? fallback, line);
  };
  return { info: at('info'), error: at('error'), debug: at('debug') };
}

/** Routes by the message's leading `name:` (controller names) through a table. */
export function routeByPrefix(table: Record<string, string>): (msg: string) => string | undefined {
  return (msg) => {
    const m = /^([\w.-]+):/.exec(msg);
    return m ? table[m[1]!] : undefined;
  };
}
