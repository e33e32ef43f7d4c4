// Registers this machine as the Node `knative-local` and keeps its Ready condition fresh.
import type { KubeClient } from '../../controller/client.js';
import type { Clock, TimerHandle } from '../../controller/clock.js';
import { isNotFound } from '../../controller/errors.js';
import type { Node } from '../../controller/kinds.js';
import { Resources } from '../../controller/resources.js';
import { buildNode, nodeConditions } from './node-object.js';

/** Creates the Node object, or refreshes its status when it exists. */
export async function registerNode(client: KubeClient, name: string, clock: Clock): Promise<void> {
  const now = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  try {
    await client.get<Node>(Resources.nodes, '', name);
    await client.patch(Resources.nodes, '', name, { status: buildNode(name, now).status }, 'status');
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const created = await client.create<Node>(Resources.nodes, buildNode(name, now));
    // Servers that ignore status on create get it through the subresource.
    if (!created.status?.conditions?.length) await client.patch(Resources.nodes, '', name, { status: buildNode(name, now).status }, 'status');
  }
}

/** Patches the Node's conditions every `everyMs` so it stays Ready. */
export function startHeartbeat(client: KubeClient, name: string, clock: Clock, everyMs: number): { stop(): void } {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const since = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const beat = () => {
    if (stopped) return;
    const now = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    client
      .patch(Resources.nodes, '', name, { status: { conditions: nodeConditions(now, since) } }, 'status')
      // Someone deleted our Node object: register again, as a kubelet does.
      .catch((err: unknown) => (isNotFound(err) ? registerNode(client, name, clock) : undefined))
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(beat, everyMs);
      });
  };
  timer = clock.setTimeout(beat, everyMs);
  return {
    stop: () => {
      stopped = true;
      if (timer !== undefined) clock.clearTimeout(timer);
    },
  };
}
