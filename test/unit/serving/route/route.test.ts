import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import {
  initializeRouteConditions,
  markIngressNotConfigured,
  markTLSNotEnabled,
  markTrafficAssigned,
  markTrafficError,
  propagateIngressStatus,
} from '../../../../src/lib/serving/route/lifecycle.js';
import { makeIngress } from '../../../../src/lib/serving/route/resources/ingress.js';
import { makePlaceholderService } from '../../../../src/lib/serving/route/resources/placeholder.js';
import { resolveTraffic, statusTraffic, type TrafficLookup } from '../../../../src/lib/serving/route/resources/traffic.js';
import { routeAddressURL, routeHost, routeURL } from '../../../../src/lib/serving/route/resources/url.js';
import type { Configuration, Revision, Route, RouteStatus } from '../../../../src/lib/serving/types.js';

const now = new Date('2026-11-23T18:00:00Z');

function route(traffic: Route['spec']['traffic'], labels: Record<string, string> = {}): Route {
  return { metadata: { name: 'hello', namespace: 'default', uid: 'rt-uid', labels }, spec: { traffic } };
}

function revision(name: string, ready: 'True' | 'False' | 'Unknown', h2c = false): Revision {
  return {
    metadata: { name, namespace: 'default', labels: { 'serving.knative.dev/configuration': 'hello' } },
    spec: { containers: [{ name: 'user-container', image: 'i', ...(h2c ? { ports: [{ name: 'h2c', containerPort: 8080 }] } : {}) }] },
    status: { conditions: [{ type: 'Ready', status: ready }] },
  };
}

const world = {
  configs: new Map<string, Configuration>([
    ['hello', { metadata: { name: 'hello' }, spec: { template: { spec: {} } }, status: { latestReadyRevisionName: 'hello-00002' } }],
    ['fresh', { metadata: { name: 'fresh' }, spec: { template: { spec: {} } }, status: {} }],
    ['broken', { metadata: { name: 'broken' }, spec: { template: { spec: {} } }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }],
  ]),
  revs: new Map<string, Revision>([
    ['hello-00001', revision('hello-00001', 'True')],
    ['hello-00002', revision('hello-00002', 'True')],
    ['hello-00003', revision('hello-00003', 'Unknown')],
    ['hello-00004', revision('hello-00004', 'False')],
    ['grpc-00001', revision('grpc-00001', 'True', true)],
  ]),
};
const lookup: TrafficLookup = {
  configuration: (_ns, n) => world.configs.get(n),
  revision: (_ns, n) => world.revs.get(n),
};

describe('URLs', () => {
  const cfg = parseServingConfig({ 'config-domain': { 'example.com': '' } });
  it.each([
    ['default domain', route([]), parseServingConfig(), undefined, 'http://hello.default.svc.cluster.local'],
    ['configured domain', route([]), cfg, undefined, 'http://hello.default.example.com'],
    ['tag URL', route([]), cfg, 'v1', 'http://v1-hello.default.example.com'],
    ['cluster-local forces svc.cluster.local', route([], { 'networking.knative.dev/visibility': 'cluster-local' }), cfg, undefined,
      'http://hello.default.svc.cluster.local'],
    ['https scheme and custom template', route([]), parseServingConfig({ 'config-domain': { 'example.com': '' }, 'config-network': { 'default-external-scheme': 'https', 'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}' } }), undefined,
      'https://hello-default.example.com'],
  ])('%s', (_n, r, c, tag, want) => expect(routeURL(r, c, tag)).toBe(want));

  it('address is cluster-local', () => expect(routeAddressURL(route([]))).toBe('http://hello.default.svc.cluster.local'));
});

describe('resolveTraffic', () => {
  it('resolves latest and pinned targets and status traffic', () => {
    const r = route([
      { configurationName: 'hello', latestRevision: true, percent: 60 },
      { revisionName: 'hello-00001', latestRevision: false, percent: 40 },
      { tag: 'v1', revisionName: 'hello-00001', latestRevision: false, percent: 0 },
      { configurationName: 'hello', latestRevision: true, percent: 0, tag: 'latest' },
    ]);
    const t = resolveTraffic(r, lookup);
    expect(t.error).toBeUndefined();
    expect([...t.groups.keys()]).toEqual(['', 'v1', 'latest']);
    expect(t.configurations).toEqual(['hello']);
    expect(t.revisions).toEqual(['hello-00002', 'hello-00001']);
    expect(statusTraffic(t.targets, (tag) => `http://${tag}-hello.default.example.com`)).toEqual([
      { revisionName: 'hello-00002', latestRevision: true, percent: 60 },
      { revisionName: 'hello-00001', latestRevision: false, percent: 40 },
      { tag: 'v1', revisionName: 'hello-00001', latestRevision: false, percent: 0, url: 'http://v1-hello.default.example.com' },
      { tag: 'latest', revisionName: 'hello-00002', latestRevision: true, percent: 0, url: 'http://latest-hello.default.example.com' },
    ]);
  });

  it('merges equal untagged targets in status', () => {
    const t = resolveTraffic(route([
      { revisionName: 'hello-00001', latestRevision: false, percent: 30 },
      { revisionName: 'hello-00001', latestRevision: false, percent: 70 },
    ]), lookup);
    expect(statusTraffic(t.targets, () => '')).toEqual([{ revisionName: 'hello-00001', latestRevision: false, percent: 100 }]);
  });

  it.each([
    ['missing configuration', { configurationName: 'nope' }, { kind: 'missing', targetKind: 'Configuration', name: 'nope' },
      ['False', 'ConfigurationMissing', 'Configuration "nope" referenced in traffic not found.']],
    ['missing revision', { revisionName: 'gone' }, { kind: 'missing', targetKind: 'Revision', name: 'gone' },
      ['False', 'RevisionMissing', 'Revision "gone" referenced in traffic not found.']],
    ['config without ready revision', { configurationName: 'fresh' }, { kind: 'configurationNotReady', name: 'fresh' },
      ['Unknown', 'RevisionMissing', 'Configuration "fresh" is waiting for a Revision to become ready.']],
    ['failed config', { configurationName: 'broken' }, { kind: 'configurationFailed', name: 'broken' },
      ['False', 'RevisionMissing', 'Configuration "broken" does not have any ready Revision.']],
    ['revision not ready', { revisionName: 'hello-00003' }, { kind: 'revisionNotReady', name: 'hello-00003' },
      ['Unknown', 'RevisionMissing', 'Revision "hello-00003" is not yet ready.']],
    ['revision failed', { revisionName: 'hello-00004' }, { kind: 'revisionFailed', name: 'hello-00004' },
      ['False', 'RevisionMissing', 'Revision "hello-00004" failed to become ready.']],
  ])('%s', (_n, target, wantErr, wantCond) => {
    const t = resolveTraffic(route([{ ...target, percent: 100 }]), lookup);
    expect(t.error).toEqual(wantErr);
    const status: RouteStatus = {};
    initializeRouteConditions(status, now);
    markTrafficError(status, t.error!, now);
    const c = status.conditions!.find((x) => x.type === 'AllTrafficAssigned')!;
    expect([c.status, c.reason, c.message]).toEqual(wantCond);
    expect(status.conditions!.find((x) => x.type === 'Ready')!.status).toBe(wantCond[0]);
  });
});

describe('makeIngress', () => {
  const cfg = parseServingConfig({ 'config-domain': { 'example.com': '' }, 'config-network': { 'ingress-class': 'kourier.ingress.networking.knative.dev' } });
  const r = route([
    { configurationName: 'hello', latestRevision: true, percent: 80 },
    { revisionName: 'hello-00001', latestRevision: false, percent: 20, tag: 'v1' },
  ]);
  const ing = makeIngress(r, resolveTraffic(r, lookup), cfg);
  const split = (rev: string, percent: number) => ({
    serviceNamespace: 'default', serviceName: rev, servicePort: 80, percent,
    appendHeaders: { 'Knative-Serving-Revision': rev, 'Knative-Serving-Namespace': 'default' },
  });

  it('has metadata per spec §6', () => {
    expect(ing.metadata.name).toBe('hello');
    expect(ing.metadata.labels).toEqual({ 'serving.knative.dev/route': 'hello', 'serving.knative.dev/routeNamespace': 'default' });
    expect(ing.metadata.annotations?.['networking.knative.dev/ingress.class']).toBe('kourier.ingress.networking.knative.dev');
    expect(ing.metadata.ownerReferences[0]).toMatchObject({ kind: 'Route', uid: 'rt-uid', controller: true });
    expect(JSON.parse(ing.metadata.annotations!['networking.internal.knative.dev/tag-to-host'])).toEqual({
      v1: { 'v1-hello.default': {}, 'v1-hello.default.svc': {}, 'v1-hello.default.svc.cluster.local': {}, 'v1-hello.default.example.com': {} },
    });
  });

  it('makes cluster-local and external rules per group, tag group at 100%', () => {
    expect(ing.spec).toEqual({
      httpOption: 'Enabled',
      rules: [
        { hosts: ['hello.default', 'hello.default.svc', 'hello.default.svc.cluster.local'], visibility: 'ClusterLocal',
          http: { paths: [{ splits: [split('hello-00002', 80), split('hello-00001', 20)] }] } },
        { hosts: ['hello.default.example.com'], visibility: 'ExternalIP',
          http: { paths: [{ splits: [split('hello-00002', 80), split('hello-00001', 20)] }] } },
        { hosts: ['v1-hello.default', 'v1-hello.default.svc', 'v1-hello.default.svc.cluster.local'], visibility: 'ClusterLocal',
          http: { paths: [{ splits: [split('hello-00001', 100)] }] } },
        { hosts: ['v1-hello.default.example.com'], visibility: 'ExternalIP',
          http: { paths: [{ splits: [split('hello-00001', 100)] }] } },
      ],
    });
  });

  it('merges splits of one revision, drops zero shares, uses port 81 for h2c', () => {
    const r2 = route([
      { revisionName: 'grpc-00001', percent: 50 },
      { revisionName: 'grpc-00001', percent: 50 },
      { revisionName: 'hello-00001', percent: 0 },
    ]);
    const i2 = makeIngress(r2, resolveTraffic(r2, lookup), cfg);
    expect(i2.spec.rules?.[0].http?.paths?.[0].splits).toEqual([{ ...split('grpc-00001', 100), servicePort: 81 }]);
  });

  it('cluster-local routes get no ExternalIP rule', () => {
    const r3 = route([{ revisionName: 'hello-00001', percent: 100 }], { 'networking.knative.dev/visibility': 'cluster-local' });
    expect(makeIngress(r3, resolveTraffic(r3, lookup), cfg).spec.rules?.map((x) => x.visibility)).toEqual(['ClusterLocal']);
  });

  it('tag-header-based-routing adds header paths', () => {
    const c2 = parseServingConfig({ 'config-features': { 'tag-header-based-routing': 'enabled' } });
    const i4 = makeIngress(r, resolveTraffic(r, lookup), c2);
    const paths = i4.spec.rules?.[0].http?.paths ?? [];
    expect(paths.map((p) => [p.headers, p.appendHeaders])).toEqual([
      [{ 'Knative-Serving-Tag': { exact: 'v1' } }, undefined],
      [undefined, { 'Knative-Serving-Default-Route': 'true' }],
    ]);
    expect(i4.spec.rules?.[2].http?.paths?.[0].appendHeaders).toEqual({ 'Knative-Serving-Tag': 'v1' });
  });

  it('host helper agrees with the external rule', () => expect(routeHost(r, cfg, 'v1')).toBe('v1-hello.default.example.com'));
});

describe('route conditions and placeholder', () => {
  it('Ready once traffic assigned, ingress ready and TLS not enabled', () => {
    const s: RouteStatus = {};
    initializeRouteConditions(s, now);
    markTrafficAssigned(s, now);
    markIngressNotConfigured(s, now);
    markTLSNotEnabled(s, now);
    expect(s.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'IngressNotConfigured' });
    propagateIngressStatus(s, { type: 'Ready', status: 'True' }, now);
    expect(s.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(s.conditions?.find((c) => c.type === 'CertificateProvisioned')).toMatchObject({ status: 'True', reason: 'TLSNotEnabled' });
  });

  it('placeholder Service points at the private load balancer once known', () => {
    const r = route([]);
    expect(makePlaceholderService(r, 'hello', undefined)).toBeUndefined();
    const svc = makePlaceholderService(r, 'hello', { privateLoadBalancer: { ingress: [{ domainInternal: 'kourier-internal.kourier-system.svc.cluster.local' }] } });
    expect(svc?.spec).toEqual({
      type: 'ExternalName',
      externalName: 'kourier-internal.kourier-system.svc.cluster.local',
      sessionAffinity: 'None',
      ports: [{ name: 'http2', port: 80, targetPort: 80 }],
    });
    expect(svc?.metadata?.labels).toEqual({ 'serving.knative.dev/route': 'hello' });
  });
});
