// The gateway follows an InMemoryChannel's ExternalName Service (<name>-kn-channel -> imc-dispatcher)
// like cluster DNS would, so `Host: <name>-kn-channel.<ns>.svc.cluster.local` reaches the dispatcher.
import { translate } from '../../../src/lib/networking/translate.js';
import type { PlainService } from '../../../src/lib/networking/types.js';
import { makeChannelService } from '../../../src/lib/eventing/reconcilers/inmemorychannel.js';

const endpoints = (ns: string, svc: string) => (ns === 'knative-eventing' && svc === 'imc-dispatcher' ? ['127.0.0.1:4000'] : []);

describe('ExternalName aliases in the route table', () => {
  it('routes a channel Service host to the dispatcher Service it names', () => {
    const channelSvc = makeChannelService({ metadata: { name: 'ch', namespace: 'default', uid: 'u' } }) as unknown as PlainService;
    const services: PlainService[] = [
      { metadata: { name: 'imc-dispatcher', namespace: 'knative-eventing' }, spec: { ports: [{ name: 'http', port: 80 }] } },
      channelSvc,
      { metadata: { name: 'away', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
    ];
    const t = translate({ ingresses: [], services, endpoints });
    const vh = t.internal.get('ch-kn-channel.default.svc.cluster.local');
    expect(vh?.owner).toBe('service:default/ch-kn-channel');
    expect(vh?.routes[0].splits[0].target.endpoints).toEqual(['127.0.0.1:4000']);
    expect(t.internal.has('ch-kn-channel.default')).toBe(true);
    expect(t.internal.has('away.default.svc.cluster.local')).toBe(false);
  });
});
