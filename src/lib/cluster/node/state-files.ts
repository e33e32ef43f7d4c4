// Per-container pid files, so a restarted agent can re-adopt processes that outlived it.
// A pid alone can be reused by the OS; the process start time (from /proc) pins the identity.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the agent remembers about a running container process. */
export interface ContainerRecord {
  podKey: string;
  uid: string;
  container: string;
  pid: number;
  /** Start time of the process as the OS reports it (Linux /proc stat field 22), '' if unknown. */
  procStart: string;
  startedAt: string;
  restartCount: number;
  podIp: string;
}

/** Directory holding a pod's state (volumes, pid files). */
export function podStateDir(dataDir: string, uid: string): string {
  return join(dataDir, 'node', 'pods', uid);
}

/** Start time of a process, or '' when unknown (non-Linux, or the process is gone). */
export function processStartTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '';
  } catch {
    return '';
  }
}

/** True when `pid` is alive and (when known) still the process we started. */
export function isSameProcessAlive(pid: number, procStart: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!procStart) return true;
  const now = processStartTime(pid);
  return now === '' || now === procStart;
}

/** Saves a container record. */
export function writeRecord(dataDir: string, rec: ContainerRecord): void {
  const dir = join(podStateDir(dataDir, rec.uid), 'pids');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${rec.container}.json`), JSON.stringify(rec));
}

/** Removes a container record. */
export function removeRecord(dataDir: string, uid: string, container: string): void {
  rmSync(join(podStateDir(dataDir, uid), 'pids', `${container}.json`), { force: true });
}

/** Every saved container record. */
export function readAllRecords(dataDir: string): ContainerRecord[] {
  const root = join(dataDir, 'node', 'pods');
  const out: ContainerRecord[] = [];
  let uids: string[] = [];
  try {
    uids = readdirSync(root);
  } catch {
    return out;
  }
  for (const uid of uids) {
    let files: string[] = [];
    try {
      files = readdirSync(join(root, uid, 'pids'));
    } catch {
      continue;
    }
    for (const f of files) {
      try {
        out.push(JSON.parse(readFileSync(join(root, uid, 'pids', f), 'utf8')) as ContainerRecord);
      } catch {
        // A torn write: ignore, the pod will simply be restarted.
      }
    }
  }
  return out;
}
