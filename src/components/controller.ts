// The `controller` component: Serving's reconcilers (Service, Configuration, Revision, Route,
// PodAutoscaler, ServerlessService, revision GC) against the cluster's API server.
// Split in kind: admission is the `webhook` component, the KPA loop the `autoscaler`, the
// data path the `activator` and `gateway` (which also reconciles KIngress: networking is the
// gateway's job), Eventing the `eventing` component; this process only reconciles Serving.
// Two replicas are safe: both compete for a coordination.k8s.io Lease and only the holder runs the
// reconcilers. A replica that loses the lease exits so it restarts clean (as upstream's do).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { startLeaderElection } from '../lib/controller/leader-election.js';
import { componentNamespace } from '../lib/cluster/incluster.js';
import { startServing, SERVING_SYSTEM_NAMESPACE } from '../lib/serving/start.js';
import { componentKube, componentLogger, runUntilSignal, type RunningComponent } from './runtime.js';

/** Name of the Lease the controller replicas compete for. */
export const CONTROLLER_LEASE = 'kn-ts-controller';

/** Starts the controller component; `exit` is called when leadership is lost (process.exit in production). */
export async function startController(env: NodeJS.ProcessEnv = process.env, exit: (code: number) => void = process.exit): Promise<RunningComponent> {
  const logger = componentLogger('controller', env);
  const { client, informers } = componentKube(logger, env);
  const namespace = componentNamespace(SERVING_SYSTEM_NAMESPACE, env);
  const identity = `${env.HOSTNAME || hostname()}_${randomBytes(4).toString('hex')}`;
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;

  const lead = async (): Promise<void> => {
    logger.info(`${identity} is the leader: starting reconcilers`);
    const serving = await startServing({ client, informers, logger });
    stops.push(() => serving.stop());
    // Eventing's reconcilers run in the `eventing` component: they program its data plane in memory.
  };

  const elector = startLeaderElection(client, {
    namespace,
    name: CONTROLLER_LEASE,
    identity,
    onStartedLeading: () => {
      lead().catch((e) => {
        logger.error(`start failed: ${(e as Error).message}`);
        exit(1);
      });
    },
    onStoppedLeading: () => {
      if (stopping) return;
      logger.error(`${identity} lost the lease ${namespace}/${CONTROLLER_LEASE}: exiting so this replica restarts as a follower`);
      exit(1);
    },
  });
  logger.info(`waiting for the lease ${namespace}/${CONTROLLER_LEASE} as ${identity}`);
  return {
    async stop() {
      stopping = true;
      for (const stop of stops.reverse()) await stop();
      informers.stop();
      await elector.stop();
    },
  };
}

/** Process entry: `node dist/component.js controller`. */
export function runController(): Promise<void> {
  return runUntilSignal(() => startController());
}
