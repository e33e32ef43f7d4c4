import { makeEndpointsLookup } from '../../../src/lib/networking/endpoints.js';

describe('makeEndpointsLookup', () => {
  const lookup = makeEndpointsLookup(
    [
      { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] } },
      { metadata: { name: 'plain', namespace: 'default' }, spec: { ports: [{ port: 8080 }] } },
      { metadata: { name: 'noeps', namespace: 'default' }, spec: { ports: [{ port: 80 }] } },
    ],
    [
      {
        metadata: { name: 'hello-00001', namespace: 'default' },
        subsets: [
          { addresses: [{ ip: '127.0.1.1' }, { ip: '127.0.1.2' }], ports: [{ name: 'https', port: 8112 }, { name: 'http', port: 8012 }] },
          { addresses: [{ ip: '127.0.1.3' }], ports: [{ name: 'http', port: 8012 }] },
        ],
      },
      { metadata: { name: 'plain', namespace: 'default' }, subsets: [{ addresses: [{ ip: '127.0.2.1' }], ports: [{ port: 3000 }] }] },
    ],
  );

  it('maps a Service port to the same-named Endpoints port across subsets', () => {
    expect(lookup('default', 'hello-00001', 80)).toEqual(['127.0.1.1:8012', '127.0.1.2:8012', '127.0.1.3:8012']);
    expect(lookup('default', 'hello-00001', 'https')).toEqual(['127.0.1.1:8112', '127.0.1.2:8112']);
  });

  it('handles unnamed single ports and unknown Services, ports or Endpoints', () => {
    expect(lookup('default', 'plain', 8080)).toEqual(['127.0.2.1:3000']);
    expect(lookup('default', 'plain', 81)).toEqual([]);
    expect(lookup('default', 'noeps', 80)).toEqual([]);
    expect(lookup('other', 'hello-00001', 80)).toEqual([]);
  });
});
