import { buildRouteTable } from '../../../src/lib/networking/route-table.js';
import { kingress, split } from './fixtures.js';

describe('buildRouteTable', () => {
  it('keeps Kourier-class Ingresses and resolves their splits through Services and Endpoints', () => {
    const mine = kingress('hello', [{ splits: [split('hello-00001', 100)] }]);
    const istio = kingress('other', [{ splits: [split('hello-00001', 100)] }]);
    istio.metadata.annotations = { 'networking.knative.dev/ingress.class': 'istio.ingress.networking.knative.dev' };
    const table = buildRouteTable({
      ingresses: [mine, istio],
      services: [{ metadata: { name: 'hello-00001', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80 }] } }],
      endpoints: [
        { metadata: { name: 'hello-00001', namespace: 'default' }, subsets: [{ addresses: [{ ip: '127.0.1.1' }], ports: [{ name: 'http', port: 8012 }] }] },
      ],
    });
    expect(table.ingresses.map((i) => i.key)).toEqual(['default/hello']);
    expect(table.external.get('hello.default.example.com')!.routes[0].splits[0].target.endpoints).toEqual(['127.0.1.1:8012']);
    // The revision's own Service also answers by its in-cluster name (the activator path).
    expect(table.internal.get('hello-00001.default.svc.cluster.local')!.routes[0].splits[0].target.endpoints).toEqual(['127.0.1.1:8012']);
  });
});
