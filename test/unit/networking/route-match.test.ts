import {
  absoluteAuthority,
  findVirtualHost,
  originForm,
  pickSplit,
  requestPath,
  selectRoute,
} from '../../../src/lib/networking/route-match.js';
import { hostPort, normalizeHost } from '../../../src/lib/networking/hosts.js';
import { parseGoDurationMs } from '../../../src/lib/networking/duration.js';
import { translate } from '../../../src/lib/networking/translate.js';
import { kingress, split } from './fixtures.js';
import { seededRandom } from './seeded-random.js';

const endpoints = (): string[] => ['127.0.0.1:1'];

describe('host helpers', () => {
  it.each([
    ['Hello.Example.com:8080', 'hello.example.com', 8080],
    ['hello.example.com.', 'hello.example.com', undefined],
    ['[::1]:80', '[::1]', 80],
    ['', '', undefined],
  ])('%s → %s', (raw, host, port) => {
    expect(normalizeHost(raw)).toBe(host);
    expect(hostPort(raw)).toBe(port);
  });

  it.each([
    ['/a/b?x=1', '/a/b', '/a/b?x=1', undefined],
    ['http://h.ns:8080/a?x', '/a', '/a?x', 'h.ns:8080'],
    ['http://h.ns', '/', '/', 'h.ns'],
  ])('request target %s', (url, path, origin, authority) => {
    expect(requestPath(url)).toBe(path);
    expect(originForm(url)).toBe(origin);
    expect(absoluteAuthority(url)).toBe(authority);
  });

  it.each([
    ['48h', 172_800_000],
    ['1m30s', 90_000],
    ['250ms', 250],
    ['0', 0],
    ['10', undefined],
    ['abc', undefined],
  ])('Go duration %s', (text, ms) => {
    expect(parseGoDurationMs(text)).toBe(ms);
  });
});

describe('route selection', () => {
  const table = translate({
    ingresses: [
      kingress('hello', [
        { splits: [split('hello-00001', 100)] },
        { headers: { 'Knative-Serving-Tag': { exact: 'v2' } }, splits: [split('hello-00002', 100)] },
        { path: '/api', splits: [split('hello-00003', 100)] },
      ]),
    ],
    services: [{ metadata: { name: 'multi', namespace: 'default' }, spec: { ports: [{ port: 8080 }, { port: 80 }] } }],
    endpoints,
  });

  it('scopes host lookup by listener', () => {
    expect(findVirtualHost(table, 'external', 'hello.default.example.com')).toBeDefined();
    expect(findVirtualHost(table, 'external', 'hello.default')).toBeUndefined();
    expect(findVirtualHost(table, 'internal', 'hello.default.example.com')).toBeUndefined();
    expect(findVirtualHost(table, 'all', 'hello.default')).toBeDefined();
  });

  it('matches the tag header exactly, longest prefix first, else the default route', () => {
    const vh = findVirtualHost(table, 'all', 'hello.default.example.com')!;
    const svc = (path: string, headers: Record<string, string> = {}): string | undefined =>
      selectRoute(vh, path, headers, undefined)?.splits[0].target.service;
    expect(svc('/')).toBe('hello-00001');
    expect(svc('/', { 'knative-serving-tag': 'v2' })).toBe('hello-00002');
    expect(svc('/', { 'knative-serving-tag': 'V2' })).toBe('hello-00001');
    expect(svc('/api/x', { 'knative-serving-tag': 'v2' })).toBe('hello-00003');
  });

  it('picks a plain Service port from the Host port, else 80, else the first', () => {
    const vh = findVirtualHost(table, 'all', 'multi.default')!;
    expect(selectRoute(vh, '/', {}, 8080)?.servicePort).toBe(8080);
    expect(selectRoute(vh, '/', {}, undefined)?.servicePort).toBe(80);
    expect(selectRoute(vh, '/', {}, 1234)?.servicePort).toBe(80);
  });

  it('draws weighted splits in proportion (seeded RNG, 3-sigma bounds)', () => {
    const t = translate({
      ingresses: [kingress('w', [{ splits: [split('w-1', 10), split('w-2', 30), split('w-3', 60)] }])],
      endpoints,
    });
    const route = t.external.get('w.default.example.com')!.routes[0];
    const rand = seededRandom(42);
    const n = 20_000;
    const counts: Record<string, number> = {};
    for (let i = 0; i < n; i++) {
      const s = pickSplit(route, rand)!.target.service;
      counts[s] = (counts[s] ?? 0) + 1;
    }
    for (const [svc, p] of [['w-1', 0.1], ['w-2', 0.3], ['w-3', 0.6]] as const) {
      const sigma = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(counts[svc] - n * p)).toBeLessThan(3 * sigma);
    }
  });

  it('never picks a split whose weight is zero-width', () => {
    const route = {
      pathPrefix: '/',
      headers: [],
      appendHeaders: [],
      timeoutMs: 0,
      totalWeight: 100,
      splits: [
        { weight: 100, target: { key: 'a', namespace: 'n', service: 'a', port: 80, endpoints: [], h2c: false }, appendHeaders: [] },
        { weight: 0, target: { key: 'b', namespace: 'n', service: 'b', port: 80, endpoints: [], h2c: false }, appendHeaders: [] },
      ],
    };
    for (const r of [0, 0.5, 0.999999]) expect(pickSplit(route, () => r)!.target.key).toBe('a');
  });
});
