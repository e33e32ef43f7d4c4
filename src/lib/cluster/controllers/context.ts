// What every built-in controller is built from: the API client, the shared informers, a clock and a logger.
import type { KubeClient } from '../../controller/client.js';
import type { Clock } from '../../controller/clock.js';
import type { Controller, Logger } from '../../controller/controller.js';
import type { InformerFactory } from '../../controller/informer-factory.js';

/** Dependencies of a built-in controller. */
export interface ControllerContext {
  client: KubeClient;
  informers: InformerFactory;
  clock: Clock;
  logger: Logger;
  /** Workers per controller. */
  workers?: number;
}

/** A built-in controller: its runtime Controller plus optional extra teardown. */
export interface BuiltinController {
  controller: Controller;
  stop?(): void;
}
