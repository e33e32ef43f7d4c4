import { startBrokerDataPlane, startChannelDispatcher } from '../../../src/lib/eventing/components.js';
import { toDeliveryPolicy } from '../../../src/lib/eventing/delivery/spec.js';
import { binaryHeaders, post, startSink } from './sink.js';

describe('data plane components', () => {
  it('broker: a trigger pushed into the table receives events posted to the ingress', async () => {
    const sink = await startSink();
    const broker = await startBrokerDataPlane();
    try {
      broker.plane.table.setBroker({ namespace: 'ns', name: 'b' });
      broker.plane.table.setTrigger({ namespace: 'ns', name: 't', uid: 'u', broker: 'b', subscriberUri: sink.url, delivery: toDeliveryPolicy(undefined) });
      expect(broker.ingress.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await post(`${broker.ingress.url}/ns/b`, binaryHeaders(), '{}')).status).toBe(202);
      expect(sink.received).toHaveLength(1);
    } finally {
      await broker.close();
      await sink.close();
    }
  });

  it('channel dispatcher: answers on its path address', async () => {
    const sink = await startSink();
    const imc = await startChannelDispatcher();
    try {
      imc.dispatcher.table.setChannel({ namespace: 'ns', name: 'c', host: 'c-kn-channel.ns.svc.cluster.local', subscribers: [{ uid: 's', subscriberUri: sink.url, delivery: toDeliveryPolicy(undefined) }] });
      expect((await post(`${imc.server.url}/ns/c`, binaryHeaders(), '{}')).status).toBe(202);
      expect(sink.received).toHaveLength(1);
    } finally {
      await imc.close();
      await sink.close();
    }
  });

  it('refuses to bind a non-loopback address', async () => {
    await expect(startBrokerDataPlane({ host: '0.0.0.0' })).rejects.toThrow(/non-loopback/);
  });
});
