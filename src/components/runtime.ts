// What every component process shares: the Kubernetes client (KUBECONFIG or in-cluster service
// account), a timestamped logger on stderr, its listen address, and the run-until-SIGTERM loop.
import type { KubeClient } from '../lib/controller/client.js';
import type { Logger } from '../lib/controller/controller.js';
import { createKubeClient } from '../lib/controller/http-client.js';
import { InformerFactory } from '../lib/controller/informer-factory.js';
import { loadComponentKubeConfig } from '../lib/cluster/incluster.js';

/** A started component; stop() is called on SIGTERM/SIGINT. */
export interface RunningComponent {
  stop(): Promise<void>;
}

/** Client and informer factory of a component process. */
export interface ComponentKube {
  client: KubeClient;
  informers: InformerFactory;
}

/** Log lines as `<time> <LEVEL> <component>: message`; KN_LOG_LEVEL=debug adds debug, =error keeps errors only. */
export function componentLogger(component: string, env: NodeJS.ProcessEnv = process.env): Logger {
  const debug = env.KN_LOG_LEVEL === 'debug';
  const quiet = env.KN_LOG_LEVEL === 'error';
  const line = (level: string, msg: string) => process.stderr.write(`${new Date().toISOString()} ${level} ${component}: ${msg}\n`);
  return {
    info: (m) => (quiet ? undefined : line('INFO', m)),
    error: (m) => line('ERROR', m),
    debug: (m) => (debug ? line('DEBUG', m) : undefined),
  };
}

/** The client from KUBECONFIG or the in-cluster service account (src/lib/cluster/incluster.ts). */
export function componentKube(logger: Logger, env: NodeJS.ProcessEnv = process.env): ComponentKube {
  const client = createKubeClient(loadComponentKubeConfig(env));
  const informers = new InformerFactory(client, { onError: (e) => logger.error(`informer: ${(e as Error)?.message ?? String(e)}`) });
  return { client, informers };
}

/** The address a server of this pod binds: $POD_IP (the pod's own address), else loopback. */
export function podHost(env: NodeJS.ProcessEnv = process.env): string {
  return env.POD_IP || '127.0.0.1';
}

/** A port from the environment, or the default; throws on a malformed value. */
export function envPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid ${name}: ${raw}`);
  return port;
}

/** Starts a component, stops it on SIGTERM/SIGINT; a start-up failure is `Error: ...` and exit 1. */
export async function runUntilSignal(start: () => Promise<RunningComponent>): Promise<void> {
  // A component is a long-running server, but some wait with nothing but unref'd timers (a
  // follower controller polling its Lease): hold the event loop open until a signal.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    const running = await start();
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      clearInterval(keepAlive);
      void running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (e) {
    process.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
