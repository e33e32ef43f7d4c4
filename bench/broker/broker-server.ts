// Child process of the broker benchmark: a broker ingress on 127.0.0.1 with N triggers, of which
// `matching` deliver to the subscriber URL and the rest filter the event out. Reports its URL over IPC.
import { BrokerDataPlane } from '../../src/lib/eventing/broker/data-plane.js';
import { brokerIngressHandler } from '../../src/lib/eventing/broker/ingress.js';
import { toDeliveryPolicy } from '../../src/lib/eventing/delivery/spec.js';
import { listen } from '../../src/lib/eventing/http/server.js';

const [subscriberUri, triggersArg, matchingArg] = process.argv.slice(2);
const triggers = Number(triggersArg);
const matching = Number(matchingArg);

const plane = new BrokerDataPlane();
plane.table.setBroker({ namespace: 'bench', name: 'default' });
for (let i = 0; i < triggers; i++) {
  plane.table.setTrigger({
    namespace: 'bench',
    name: `t${i}`,
    uid: `uid-${i}`,
    broker: 'default',
    // The first `matching` triggers match the benchmark's event type; the others filter it out.
    filter: { attributes: { type: i < matching ? 'bench.event' : `other.${i}` } },
    subscriberUri,
    delivery: toDeliveryPolicy({ retry: 3, backoffPolicy: 'exponential', backoffDelay: 'PT0.1S' }),
  });
}
const server = await listen(brokerIngressHandler(plane));
process.send?.({ url: `${server.url}/bench/default` });
process.on('message', (m) => {
  // CPU time so far: the bench reads it at both ends of its measuring window.
  if (m === 'cpu') process.send?.({ cpu: process.cpuUsage() });
  if (m === 'stop') void server.close().then(() => process.exit(0));
});
