// What the cold-start bench needs from the autoscaler and activator, bundled by run.mjs.
export { Activator } from '../../src/lib/serving/activator/activator.js';
export { startActivatorServer } from '../../src/lib/serving/activator/server.js';
export { startAutoscaler } from '../../src/lib/serving/autoscaler/loop.js';
export { defaultAutoscalerConfig } from '../../src/lib/serving/autoscaler/config.js';
export { realClock } from '../../src/lib/controller/clock.js';
