import { translate } from '../../../src/lib/networking/translate.js';
import type { EndpointsLookup, PlainService, RouteTable } from '../../../src/lib/networking/types.js';
import { kingress, split } from './fixtures.js';

const endpoints: EndpointsLookup = (ns, svc, port) => {
  const table: Record<string, string[]> = {
    'default/hello-00001:80': ['127.0.1.2:8012', '127.0.1.1:8012'],
    'default/hello-00002:80': ['127.0.1.3:8012'],
    'knative-eventing/broker-ingress:80': ['127.0.2.1:8080'],
    'default/multi:8080': ['127.0.3.1:8080'],
    'default/multi:9090': ['127.0.3.1:9090'],
  };
  return table[`${ns}/${svc}:${port}`] ?? [];
};

/** A plain, comparable view of a table: host → [owner, routes summary]. */
function view(t: RouteTable, which: 'external' | 'internal'): Record<string, unknown> {
  return Object.fromEntries(
    [...t[which].entries()].map(([host, vh]) => [
      host,
      {
        owner: vh.owner,
        routes: vh.routes.map((r) => ({
          prefix: r.pathPrefix,
          headers: r.headers,
          timeoutMs: r.timeoutMs,
          splits: r.splits.map((s) => `${s.target.key}=${s.weight}[${s.target.endpoints.join(',')}]`),
        })),
      },
    ]),
  );
}

describe('translate', () => {
  it('puts ExternalIP rules in the external map and ClusterLocal rules in the internal map', () => {
    const t = translate({ ingresses: [kingress('hello', [{ splits: [split('hello-00001', 100)] }])], endpoints });
    expect([...t.external.keys()]).toEqual(['hello.default.example.com']);
    expect([...t.internal.keys()]).toEqual(['hello.default', 'hello.default.svc', 'hello.default.svc.cluster.local']);
    expect(view(t, 'external')).toEqual({
      'hello.default.example.com': {
        owner: 'default/hello',
        routes: [{ prefix: '/', headers: [], timeoutMs: 0, splits: ['default/hello-00001:80=100[127.0.1.1:8012,127.0.1.2:8012]'] }],
      },
    });
    expect(t.ingresses).toEqual([{ key: 'default/hello', generation: 1, accepted: true, conflictingHosts: [] }]);
  });

  it('keeps weighted splits with their appendHeaders and omits 0% splits', () => {
    const t = translate({
      ingresses: [kingress('hello', [{ splits: [split('hello-00001', 70), split('hello-00002', 30), split('hello-00003', 0)] }])],
      endpoints,
    });
    const route = t.external.get('hello.default.example.com')!.routes[0];
    expect(route.totalWeight).toBe(100);
    expect(route.splits.map((s) => [s.target.service, s.weight, s.appendHeaders])).toEqual([
      ['hello-00001', 70, [['Knative-Serving-Namespace', 'default'], ['Knative-Serving-Revision', 'hello-00001']]],
      ['hello-00002', 30, [['Knative-Serving-Namespace', 'default'], ['Knative-Serving-Revision', 'hello-00002']]],
    ]);
  });

  it('orders routes longest prefix first, then header-matching routes before the default', () => {
    const t = translate({
      ingresses: [
        kingress('hello', [
          { splits: [split('hello-00001', 100)] },
          { path: '/api', splits: [split('hello-00002', 100)] },
          { headers: { 'Knative-Serving-Tag': { exact: 'v2' } }, splits: [split('hello-00002', 100)], timeout: '1m30s' },
        ]),
      ],
      endpoints,
    });
    expect(view(t, 'external')['hello.default.example.com']).toEqual({
      owner: 'default/hello',
      routes: [
        { prefix: '/api', headers: [], timeoutMs: 0, splits: ['default/hello-00002:80=100[127.0.1.3:8012]'] },
        { prefix: '/', headers: [['knative-serving-tag', 'v2']], timeoutMs: 90_000, splits: ['default/hello-00002:80=100[127.0.1.3:8012]'] },
        { prefix: '/', headers: [], timeoutMs: 0, splits: ['default/hello-00001:80=100[127.0.1.1:8012,127.0.1.2:8012]'] },
      ],
    });
  });

  it('lowercases hosts and strips ports and trailing dots', () => {
    const ing = kingress('hello', [{ splits: [split('hello-00001', 100)] }]);
    ing.spec.rules![1].hosts = ['Hello.Default.Example.COM:80', 'www.example.com.'];
    const t = translate({ ingresses: [ing], endpoints });
    expect([...t.external.keys()]).toEqual(['hello.default.example.com', 'www.example.com']);
  });

  it('rejects the younger Ingress on a domain conflict and keeps the older one, without throwing', () => {
    const older = kingress('hello', [{ splits: [split('hello-00001', 100)] }], { created: '2026-01-01T00:00:00Z' });
    const younger = kingress('other', [{ splits: [split('hello-00002', 100)] }], { created: '2026-01-02T00:00:00Z' });
    younger.spec.rules![1].hosts = ['hello.default.example.com'];
    for (const order of [[older, younger], [younger, older]]) {
      const t = translate({ ingresses: order, endpoints });
      expect(t.external.get('hello.default.example.com')!.owner).toBe('default/hello');
      expect(t.internal.has('other.default')).toBe(false);
      expect(t.ingresses).toEqual([
        { key: 'default/hello', generation: 1, accepted: true, conflictingHosts: [] },
        { key: 'default/other', generation: 1, accepted: false, conflictingHosts: ['hello.default.example.com'] },
      ]);
    }
  });

  it('routes plain Services by their in-cluster names, skipping ExternalName, and lets a KIngress win', () => {
    const services: PlainService[] = [
      { metadata: { name: 'broker-ingress', namespace: 'knative-eventing' }, spec: { ports: [{ name: 'http', port: 80 }] } },
      { metadata: { name: 'hello', namespace: 'default' }, spec: { type: 'ExternalName', ports: [{ port: 80 }] } },
      { metadata: { name: 'hello-00001', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80 }] } },
      { metadata: { name: 'multi', namespace: 'default' }, spec: { ports: [{ port: 8080 }, { port: 9090 }] } },
    ];
    const t = translate({ ingresses: [kingress('hello', [{ splits: [split('hello-00001', 100)] }])], services, endpoints });
    expect(t.internal.get('broker-ingress.knative-eventing.svc.cluster.local')!.routes[0].splits[0].target.endpoints).toEqual([
      '127.0.2.1:8080',
    ]);
    expect(t.internal.has('broker-ingress.knative-eventing')).toBe(true);
    expect(t.internal.get('hello.default.svc.cluster.local')!.owner).toBe('default/hello');
    expect(t.internal.get('hello-00001.default.svc')!.owner).toBe('service:default/hello-00001');
    expect(t.internal.get('multi.default')!.routes.map((r) => r.servicePort)).toEqual([8080, 9090]);
  });

  it('is deterministic: input order does not change the output', () => {
    const a = kingress('a', [{ splits: [split('hello-00001', 100)] }]);
    const b = kingress('b', [{ splits: [split('hello-00002', 100)] }]);
    const t1 = translate({ ingresses: [a, b], endpoints });
    const t2 = translate({ ingresses: [b, a], endpoints });
    expect(view(t1, 'external')).toEqual(view(t2, 'external'));
    expect([...t1.internal.keys()]).toEqual([...t2.internal.keys()]);
    expect([...t1.internal.keys()]).toEqual([...t1.internal.keys()].sort());
  });

  it('marks h2c targets (port 81 or port name http2/h2c)', () => {
    const ing = kingress('grpc', [{ splits: [{ ...split('grpc-00001', 100), servicePort: 81 }] }]);
    const t = translate({ ingresses: [ing], endpoints });
    expect(t.external.get('grpc.default.example.com')!.routes[0].splits[0].target.h2c).toBe(true);
  });
});
