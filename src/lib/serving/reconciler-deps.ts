// What every serving reconciler needs: the API client, the current config and a clock.
import type { KubeClient } from '../controller/client.js';
import type { ServingConfig } from './config.js';

/** Dependencies of the serving reconcilers (config re-read on every reconcile so changes apply). */
export interface ServingReconcilerDeps {
  client: KubeClient;
  config: () => ServingConfig;
  now: () => Date;
}
