// The tutorial flow end to end on loopback: PingSource -> Broker -> Trigger (type filter) -> subscriber,
// and a channel whose subscriber replies into the broker.
import { startBrokerDataPlane, startChannelDispatcher } from '../../../src/lib/eventing/components.js';
import { Dispatcher } from '../../../src/lib/eventing/delivery/dispatcher.js';
import { toDeliveryPolicy } from '../../../src/lib/eventing/delivery/spec.js';
import { PingAdapter } from '../../../src/lib/eventing/ping/adapter.js';
import { ManualClock } from './manual-clock.js';
import { binaryHeaders, post, startSink } from './sink.js';

describe('eventing flows', () => {
  it('PingSource -> broker -> trigger filtered on the ping type -> event display', async () => {
    const display = await startSink();
    const other = await startSink();
    const broker = await startBrokerDataPlane();
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:59Z'));
    const ping = new PingAdapter({ clock, random: () => 0, dispatcher: new Dispatcher({ clock }) });
    try {
      broker.plane.table.setBroker({ namespace: 'default', name: 'default' });
      const trigger = { namespace: 'default', broker: 'default', delivery: toDeliveryPolicy(undefined) };
      broker.plane.table.setTrigger({ ...trigger, name: 'ping', uid: '1', filter: { attributes: { type: 'dev.knative.sources.ping' } }, subscriberUri: display.url });
      broker.plane.table.setTrigger({ ...trigger, name: 'greeting', uid: '2', filter: { attributes: { type: 'greeting' } }, subscriberUri: other.url });
      ping.setSource({
        namespace: 'default',
        name: 'ping-source',
        schedule: '*/1 * * * *',
        data: '{"message": "Hello, Knative!"}',
        sinkUri: `${broker.ingress.url}/default/default`,
      });
      await clock.untilPending(1);
      clock.advance(1000);
      await clock.untilPending(1);
      clock.advance(0);
      const [got] = await display.waitFor(1);
      expect(got.event?.type).toBe('dev.knative.sources.ping');
      expect(got.event?.source).toBe('/apis/v1/namespaces/default/pingsources/ping-source');
      expect(got.event?.data).toBe('{"message": "Hello, Knative!"}');
      expect(got.event?.knativearrivaltime).toBeDefined();
      expect(other.received).toHaveLength(0);
    } finally {
      ping.stop();
      await broker.close();
      await display.close();
      await other.close();
    }
  });

  it('channel subscriber replies into the broker', async () => {
    const display = await startSink();
    const replier = await startSink((_n, _got, res) => {
      res.writeHead(200, { 'ce-id': 'r', 'ce-source': '/replier', 'ce-type': 'greeting', 'ce-specversion': '1.0' });
      res.end();
    });
    const broker = await startBrokerDataPlane();
    const imc = await startChannelDispatcher();
    try {
      broker.plane.table.setBroker({ namespace: 'default', name: 'default' });
      broker.plane.table.setTrigger({
        namespace: 'default', name: 't', uid: 'u', broker: 'default', filter: { attributes: { type: 'greeting' } },
        subscriberUri: display.url, delivery: toDeliveryPolicy(undefined),
      });
      imc.dispatcher.table.setChannel({
        namespace: 'default', name: 'my-channel', host: 'my-channel-kn-channel.default.svc.cluster.local',
        subscribers: [{ uid: 's', subscriberUri: replier.url, replyUri: `${broker.ingress.url}/default/default`, delivery: toDeliveryPolicy(undefined) }],
      });
      expect((await post(`${imc.server.url}/default/my-channel`, binaryHeaders(), '{}')).status).toBe(202);
      const [got] = await display.waitFor(1);
      expect(got.event?.source).toBe('/replier');
    } finally {
      await imc.close();
      await broker.close();
      await display.close();
      await replier.close();
    }
  });
});
