// Where the node agent writes container logs, and where the API server's `pods/log`
// subresource reads them. Both sides use this one function so they can never disagree.
import { join } from 'node:path';

/** Path of the log file of one container of one pod (uid keeps restarts of a same-named pod apart). */
export function containerLogPath(dataDir: string, namespace: string, pod: string, uid: string, container: string): string {
  return join(dataDir, 'pods', `${namespace}_${pod}_${uid}`, `${container}.log`);
}

/** Directory holding every log file of one pod. */
export function podLogDir(dataDir: string, namespace: string, pod: string, uid: string): string {
  return join(dataDir, 'pods', `${namespace}_${pod}_${uid}`);
}
