// Pure parts of turning a container spec into a process: the command line (container command/args,
// else the registered image's, with $(VAR) expansion), the agent's additions to the environment,
// and the working directory.
import { existsSync } from 'node:fs';
import type { Pod } from '../../controller/kinds.js';
import { nodeOptionsWithPreload } from './bind-preload.js';
import { expandVars, parseQuantity } from './env.js';
import type { ResolvedImage } from './images.js';

type Container = NonNullable<Pod['spec']>['containers'][number];

/** Waiting message of a container whose image has no registered command. */
export function imageNotRunnableMessage(image: string | undefined): string {
  return `image "${image}" cannot run as a local process: no command is registered for it. Give the container a command (kn service create --cmd ... --arg ...)`;
}

/** Command and arguments: the container's command wins; image args apply only without it (Kubernetes' rule). */
export function commandLine(spec: Container, image: ResolvedImage | undefined, env: Record<string, string>): { command: string; args: string[] } {
  const own = Boolean(spec.command?.length);
  const cmd = (own ? spec.command! : (image?.command ?? [])).map((s) => expandVars(s, env));
  const args = (spec.args ?? (own ? [] : (image?.args ?? []))).map((s) => expandVars(s, env));
  return { command: cmd[0] ?? '', args: [...cmd.slice(1), ...args] };
}

/** Adds what the process needs to bind its pod address: PORT (first containerPort unless set),
 * POD_IP, HOST, and NODE_OPTIONS with the bind preload (plus a heap cap from a memory limit).
 * Non-Node.js programs get no preload: they must bind $HOST themselves. */
export function withPodNetworkEnv(env: Record<string, string>, spec: Container, podIp: string, preloadPath: string): Record<string, string> {
  const out = { ...env };
  const firstPort = spec.ports?.[0]?.containerPort;
  if (firstPort !== undefined && out.PORT === undefined) out.PORT = String(firstPort);
  out.POD_IP = podIp;
  out.HOST ??= podIp;
  const memLimit = parseQuantity((spec.resources?.limits as Record<string, string> | undefined)?.memory);
  out.NODE_OPTIONS = nodeOptionsWithPreload(out.NODE_OPTIONS, preloadPath, memLimit ? Math.max(16, Math.floor((memLimit / 1024 / 1024) * 0.75)) : undefined);
  return out;
}

/** The container's (or image's) working dir when it exists on this machine, else the fallback. */
export function workingDir(spec: Container, image: ResolvedImage | undefined, fallback: string): string {
  const wanted = spec.workingDir || image?.workingDir;
  return wanted && existsSync(wanted) ? wanted : fallback;
}
