// pods/log: serves the files the node agent writes (containerLogPath), with container selection,
// tailLines, limitBytes and follow. Following ends when the client goes away, the pod is deleted
// or replaced, or the container is reported terminated.
import { closeSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { containerLogPath } from '../node/log-paths.js';
import { badRequest } from './errors.js';
import type { Backend } from './storage.js';

/** Query parameters of pods/log we honour. */
export interface PodLogOptions {
  container?: string;
  follow: boolean;
  tailLines?: number;
  limitBytes?: number;
}

/** Picks the container like kube: the named one, or the only one; else a 400 with kube's text. */
export function pickContainer(pod: any, wanted: string | undefined): string {
  const names: string[] = ((pod.spec?.containers ?? []) as any[]).map((c) => c.name);
  const all = [...names, ...((pod.spec?.initContainers ?? []) as any[]).map((c) => c.name)];
  const podName = pod.metadata?.name;
  if (wanted) {
    if (!all.includes(wanted)) throw badRequest(`container ${wanted} is not valid for pod ${podName}`);
    return wanted;
  }
  if (names.length === 1) return names[0];
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`);
}

/** The last n lines of text (a trailing newline does not count as a line). */
export function tail(text: string, n: number): string {
  if (n <= 0) return '';
  let end = text.length;
  if (text.endsWith('\n')) end--;
  let idx = end;
  for (let i = 0; i < n; i++) {
    idx = text.lastIndexOf('\n', idx - 1);
    if (idx < 0) return text;
  }
  return text.slice(idx + 1);
}

function readFrom(path: string, offset: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    if (size <= offset) return Buffer.alloc(0);
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return buf;
  } finally {
    closeSync(fd);
  }
}

function terminated(pod: any, container: string): boolean {
  const all = [...((pod.status?.containerStatuses ?? []) as any[]), ...((pod.status?.initContainerStatuses ?? []) as any[])];
  return !!all.find((s) => s.name === container)?.state?.terminated;
}

/** Writes the log of one container to res (following it if asked); throws a 400 ApiError before writing if it cannot. */
export function servePodLog(dataDir: string, backend: Backend, podKey: string, pod: any, opts: PodLogOptions, res: ServerResponse, pollMs: number): void {
  const container = pickContainer(pod, opts.container);
  const path = containerLogPath(dataDir, pod.metadata.namespace, pod.metadata.name, pod.metadata.uid, container);
  let initial: Buffer;
  try {
    initial = readFrom(path, 0);
  } catch {
    throw badRequest(`container "${container}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating`);
  }
  let offset = initial.length;
  let text = initial;
  if (opts.tailLines !== undefined) text = Buffer.from(tail(initial.toString('utf8'), opts.tailLines));
  let budget = opts.limitBytes ?? Infinity;
  const send = (b: Buffer): boolean => {
    if (budget <= 0) return false;
    const part = b.length > budget ? b.subarray(0, budget) : b;
    budget -= part.length;
    if (part.length) res.write(part);
    return budget > 0;
  };
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  if (!send(text) || !opts.follow || terminated(pod, container)) {
    res.end();
    return;
  }
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopEvents: (() => void) | undefined;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    watcher?.close();
    if (timer) clearInterval(timer);
    stopEvents?.();
    if (!res.writableEnded) res.end();
  };
  const pump = () => {
    if (done) return;
    try {
      const more = readFrom(path, offset);
      offset += more.length;
      if (!send(more)) finish();
    } catch {
      finish();
    }
  };
  try {
    watcher = watch(path, () => pump());
    // An unhandled 'error' (the file removed under us) would take the whole server down.
    watcher.on('error', () => finish());
  } catch {
    /* fall back to the poll below */
  }
  // inotify can miss writes from other processes on some filesystems; a slow poll backs it up.
  timer = setInterval(pump, pollMs);
  timer.unref();
  stopEvents = backend.onEvent((ev) => {
    if (ev.entry.key !== podKey) return;
    const p = ev.entry.obj as any;
    if (ev.type === 'DELETED' || p.metadata.uid !== pod.metadata.uid || terminated(p, container)) {
      pump();
      finish();
    }
  });
  res.on('close', finish);
}
