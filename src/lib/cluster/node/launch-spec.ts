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

/** Namespaces whose `<svc>.<ns>` short hosts count as in-cluster besides the pod's own (the
 * preload cannot ask the API server which namespaces exist; longer forms always work). */
export const WELL_KNOWN_NAMESPACES = ['default', 'knative-serving', 'knative-eventing', 'kube-system'];

// Programs that run Node.js with the container's NODE_OPTIONS (and so the preload).
const NODE_LAUNCHERS = new Set(['node', 'nodejs', 'npm', 'npx', 'yarn', 'pnpm', 'tsx', 'ts-node']);

/** True when the command runs Node.js directly (the preload then handles in-cluster hosts). */
export function isNodeCommand(command: string): boolean {
  const base = command.split(/[\\/]/).pop()!.replace(/\.exe$/i, '').toLowerCase();
  return NODE_LAUNCHERS.has(base) || /^node\d+$/.test(base) || command === process.execPath;
}

/** Local mode's stand-in for cluster DNS (issue #7): KN_GATEWAY_PORT and KN_CLUSTER_NAMESPACES for
 * the Node.js preload; other programs get HTTP_PROXY (and http_proxy) pointing at the gateway,
 * which routes absolute-form requests by their host, with NO_PROXY for loopback so pod-to-pod
 * and local calls stay direct. Values the container sets itself are kept. */
export function withClusterNetworkEnv(env: Record<string, string>, command: string, gatewayPort: number, namespace: string): Record<string, string> {
  const out = { ...env };
  out.KN_GATEWAY_PORT = String(gatewayPort);
  out.KN_CLUSTER_NAMESPACES = [...new Set([namespace, ...WELL_KNOWN_NAMESPACES].filter(Boolean))].join(',');
  if (isNodeCommand(command)) return out;
  const proxy = `http://127.0.0.1:${gatewayPort}`;
  const noProxy = 'localhost,127.0.0.1,::1,127.0.0.0/8';
  if (out.HTTP_PROXY === undefined && out.http_proxy === undefined) out.HTTP_PROXY = out.http_proxy = proxy;
  if (out.NO_PROXY === undefined && out.no_proxy === undefined) out.NO_PROXY = out.no_proxy = noProxy;
  return out;
}

/** The container's (or image's) working dir when it exists on this machine, else the fallback. */
export function workingDir(spec: Container, image: ResolvedImage | undefined, fallback: string): string {
  const wanted = spec.workingDir || image?.workingDir;
  return wanted && existsSync(wanted) ? wanted : fallback;
}
