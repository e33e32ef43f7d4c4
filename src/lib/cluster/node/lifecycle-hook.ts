// Runs a container lifecycle handler (preStop): httpGet against the pod address (host defaults to
// it, named ports resolve against the container), exec in the container's environment, or sleep.
// The same request and command runners as the probes, with the hook's own time limit.
import type { Clock } from '../../controller/clock.js';
import type { Pod } from '../../controller/kinds.js';
import { execProbe, httpProbe } from './probe.js';
import type { HookResult } from './termination.js';

type Container = NonNullable<Pod['spec']>['containers'][number];
/** A lifecycle handler (preStop or postStart). */
export type LifecycleHandler = NonNullable<NonNullable<Container['lifecycle']>['preStop']>;

/** Where and how a handler runs. */
export interface HookContext {
  container: Container;
  podIp: string;
  env: Record<string, string>;
  cwd?: string;
  clock: Clock;
}

/** Runs `handler` once, giving up after `timeoutMs`. */
export function runLifecycleHook(handler: LifecycleHandler, ctx: HookContext, timeoutMs: number): Promise<HookResult> {
  if (handler.httpGet) return httpProbe(handler.httpGet, ctx.container, ctx.podIp, timeoutMs);
  if (handler.exec?.command?.length) return execProbe(handler.exec.command, ctx.env, timeoutMs, ctx.cwd);
  if (handler.sleep) {
    const ms = Math.min(timeoutMs, Math.max(0, handler.sleep.seconds) * 1000);
    return new Promise((resolve) => ctx.clock.setTimeout(() => resolve({ ok: true }), ms));
  }
  // tcpSocket is deprecated for hooks and never ran anything in the kubelet either.
  return Promise.resolve({ ok: true });
}
