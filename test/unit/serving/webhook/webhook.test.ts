import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { CREATOR_ANNOTATION, LAST_MODIFIER_ANNOTATION } from '../../../../src/lib/serving/labels.js';
import type { Revision, Route, Service } from '../../../../src/lib/serving/types.js';
import {
  defaultAndValidate,
  formatFieldErrors,
  type ServingKind,
} from '../../../../src/lib/serving/webhook/index.js';

const cfg = parseServingConfig();

function svc(patch: (s: Service) => void = () => {}): Service {
  const s: Service = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'hello', namespace: 'default' },
    spec: { template: { spec: { containers: [{ name: '', image: 'ghcr.io/knative/helloworld-go' }] } } },
  };
  s.spec.template.spec.containers![0] = { image: 'ghcr.io/knative/helloworld-go' } as never;
  patch(s);
  return s;
}

function errorsOf(kind: ServingKind, obj: object, old?: object, c = cfg): string {
  return formatFieldErrors(defaultAndValidate(kind, obj, old, c).errors);
}

describe('defaulting a Service', () => {
  const { object, errors } = defaultAndValidate('Service', svc(), undefined, cfg, { username: 'alice' });
  const spec = object.spec.template.spec;

  it('is admitted', () => expect(errors).toEqual([]));
  it('names the container user-container', () => expect(spec.containers![0].name).toBe('user-container'));
  it('sets timeoutSeconds 300 and containerConcurrency 0', () => {
    expect(spec.timeoutSeconds).toBe(300);
    expect(spec.containerConcurrency).toBe(0);
    expect(spec.responseStartTimeoutSeconds).toBeUndefined();
    expect(spec.idleTimeoutSeconds).toBeUndefined();
  });
  it('adds the TCP readiness probe with successThreshold 1', () => {
    expect(spec.containers![0].readinessProbe).toEqual({ tcpSocket: { port: 0 }, successThreshold: 1 });
  });
  it('sets enableServiceLinks false on create', () => expect(spec.enableServiceLinks).toBe(false));
  it('defaults traffic to 100% latest', () => expect(object.spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]));
  it('sets creator and lastModifier', () => {
    expect(object.metadata.annotations).toEqual({ [CREATOR_ANNOTATION]: 'alice', [LAST_MODIFIER_ANNOTATION]: 'alice' });
  });
  it('does not mutate the input', () => expect(svc().spec.template.spec.timeoutSeconds).toBeUndefined());

  it('on update sets lastModifier only when the spec changed', () => {
    const created = defaultAndValidate('Service', svc(), undefined, cfg, { username: 'alice' }).object;
    const same = defaultAndValidate('Service', created, created, cfg, { username: 'bob' }).object;
    expect(same.metadata.annotations?.[LAST_MODIFIER_ANNOTATION]).toBe('alice');
    const changed = structuredClone(created);
    changed.spec.template.spec.containers![0].image = 'other';
    const res = defaultAndValidate('Service', changed, created, cfg, { username: 'bob' });
    expect(res.object.metadata.annotations?.[LAST_MODIFIER_ANNOTATION]).toBe('bob');
    expect(res.object.metadata.annotations?.[CREATOR_ANNOTATION]).toBe('alice');
    expect(res.errors).toEqual([]);
  });

  it('numbers containers in multi-container templates, skipping taken names', () => {
    const s = svc((x) => {
      x.spec.template.spec.containers = [
        { image: 'a', ports: [{ containerPort: 8080 }] } as never,
        { image: 'b', name: 'user-container-0' } as never,
        { image: 'c' } as never,
      ];
    });
    const out = defaultAndValidate('Service', s, undefined, cfg);
    expect(out.object.spec.template.spec.containers!.map((c) => c.name)).toEqual([
      'user-container-1',
      'user-container-0',
      'user-container-2',
    ]);
    expect(out.errors).toEqual([]);
  });

  it('fills probe thresholds when periodSeconds is set', () => {
    const s = svc((x) => {
      x.spec.template.spec.containers![0].readinessProbe = { httpGet: { path: '/h', port: 0 }, periodSeconds: 5 } as never;
    });
    expect(defaultAndValidate('Service', s, undefined, cfg).object.spec.template.spec.containers![0].readinessProbe).toEqual({
      httpGet: { path: '/h', port: 0 },
      periodSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
      timeoutSeconds: 1,
    });
  });

  it('defaults pinned traffic latestRevision false and percent 0', () => {
    const s = svc((x) => {
      x.spec.traffic = [{ revisionName: 'hello-00001', percent: 100 }, { tag: 'x', revisionName: 'hello-00001' }];
    });
    expect(defaultAndValidate('Service', s, undefined, cfg).object.spec.traffic).toEqual([
      { revisionName: 'hello-00001', percent: 100, latestRevision: false },
      { tag: 'x', revisionName: 'hello-00001', latestRevision: false, percent: 0 },
    ]);
  });
});

describe('Service validation messages', () => {
  const C = 'spec.template.spec.containers[0]';
  it.each<[string, (s: Service) => void, string]>([
    ['bad name', (s) => (s.metadata.name = 'Hello'),
      "not a DNS 1035 label: [a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')]: metadata.name"],
    ['no name', (s) => (s.metadata.name = undefined), 'name or generateName is required: metadata.name'],
    ['bad visibility', (s) => (s.metadata.labels = { 'networking.knative.dev/visibility': 'public' }),
      'invalid value: public: metadata.labels.networking.knative.dev/visibility'],
    ['cluster-local visibility ok', (s) => (s.metadata.labels = { 'networking.knative.dev/visibility': 'cluster-local' }), ''],
    ['missing image', (s) => (s.spec.template.spec.containers![0].image = ''), `missing field(s): ${C}.image`],
    ['no containers', (s) => (s.spec.template.spec.containers = []), 'missing field(s): spec.template.spec.containers'],
    ['reserved env', (s) => (s.spec.template.spec.containers![0].env = [{ name: 'A', value: '1' }, { name: 'PORT', value: '1' }]),
      `"PORT" is a reserved environment variable: ${C}.env[1].name`],
    ['reserved container name', (s) => (s.spec.template.spec.containers![0].name = 'queue-proxy'),
      `"queue-proxy" is a reserved container name: ${C}.name`],
    ['reserved port', (s) => (s.spec.template.spec.containers![0].ports = [{ containerPort: 8012 }]),
      `invalid value: 8012 is a reserved port: ${C}.ports.containerPort\n8012 is a reserved port, please use a different value`],
    ['bad port name', (s) => (s.spec.template.spec.containers![0].ports = [{ containerPort: 8081, name: 'web' }]),
      `Port name web is not allowed: ${C}.ports\nName must be empty, or one of: 'h2c', 'http1'`],
    ['two ports', (s) => (s.spec.template.spec.containers![0].ports = [{ containerPort: 8081 }, { containerPort: 8082 }]),
      'more than one container port is set: spec.template.spec.containers[*].ports\nOnly a single port is allowed across all containers'],
    ['timeout too big', (s) => (s.spec.template.spec.timeoutSeconds = 700), 'expected 0 <= 700 <= 600: spec.template.spec.timeoutSeconds'],
    ['concurrency too big', (s) => (s.spec.template.spec.containerConcurrency = 2000),
      'expected 0 <= 2000 <= 1000: spec.template.spec.containerConcurrency'],
    ['reserved mount path', (s) => {
      s.spec.template.spec.volumes = [{ name: 'v', secret: { secretName: 's' } }];
      s.spec.template.spec.containers![0].volumeMounts = [{ name: 'v', mountPath: '/dev' }];
    }, `mountPath "/dev" is a reserved path: ${C}.volumeMounts[0].mountPath`],
    ['probe failureThreshold with period 0', (s) => (s.spec.template.spec.containers![0].readinessProbe = { tcpSocket: { port: 0 }, failureThreshold: 2 }),
      `failureThreshold is disallowed when periodSeconds is zero: ${C}.readinessProbe.failureThreshold`],
    ['probe named port mismatch', (s) => (s.spec.template.spec.containers![0].readinessProbe = { httpGet: { port: 'web' } }),
      `invalid value: web: ${C}.readinessProbe.httpGet.port\nProbe port must match container port`],
    ['gated pod field', (s) => (s.spec.template.spec.nodeSelector = { a: 'b' }), 'must not set the field(s): spec.template.spec.nodeSelector'],
    ['disallowed container field', (s) => ((s.spec.template.spec.containers![0] as { tty?: boolean }).tty = true),
      `must not set the field(s): ${C}.tty`],
    ['autoscaling annotation on service metadata', (s) => (s.metadata.annotations = { 'autoscaling.knative.dev/min-scale': '1' }),
      'invalid key name "autoscaling.knative.dev/min-scale": metadata.annotations\nautoscaling annotations must be put under "spec.template.metadata.annotations" to work'],
    ['rollout duration precision', (s) => (s.metadata.annotations = { 'serving.knative.dev/rollout-duration': '1.5s' }),
      'rollout-duration=1.5s is not at second precision: metadata.annotations.serving.knative.dev/rollout-duration'],
    ['BYO name without prefix', (s) => (s.spec.template.metadata = { name: 'foo' }),
      'invalid value: "foo" must have prefix "hello-": spec.template.metadata.name'],
    ['BYO name with generateName parent', (s) => {
      s.metadata = { generateName: 'hello-' };
      s.spec.template.metadata = { name: 'hello-x' };
    }, 'must not set the field(s): spec.template.metadata.name'],
    ['traffic sum', (s) => (s.spec.traffic = [{ latestRevision: true, percent: 90 }]), 'Traffic targets sum to 90, want 100: spec.traffic'],
    ['percent out of range', (s) => (s.spec.traffic = [{ latestRevision: true, percent: 120 }, { revisionName: 'hello-1', percent: -20 }]),
      'expected 0 <= -20 <= 100: spec.traffic[1].percent\nexpected 0 <= 120 <= 100: spec.traffic[0].percent'],
    ['latestRevision with revisionName', (s) => (s.spec.traffic = [{ latestRevision: true, revisionName: 'x', percent: 100 }]),
      'may not set revisionName "x" when latestRevision is true: spec.traffic[0].latestRevision'],
    ['latestRevision false without revision', (s) => (s.spec.traffic = [{ latestRevision: false, percent: 100 }]),
      'may not set revisionName "" when latestRevision is false: spec.traffic[0].latestRevision'],
    ['configurationName in service', (s) => (s.spec.traffic = [{ configurationName: 'hello', percent: 100 }]),
      'must not set the field(s): spec.traffic[0].configurationName'],
    ['url in spec', (s) => (s.spec.traffic = [{ latestRevision: true, percent: 100, url: 'http://x' }]),
      'must not set the field(s): spec.traffic[0].url'],
    ['bad tag', (s) => (s.spec.traffic = [{ tag: 'A', latestRevision: true, percent: 100 }]),
      "invalid value: not a DNS 1035 label: [a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')]: spec.traffic.tag[0]"],
    ['duplicate tag', (s) => (s.spec.traffic = [{ tag: 'x', latestRevision: true, percent: 50 }, { tag: 'x', revisionName: 'hello-1', percent: 50 }]),
      'Multiple definitions for "x": spec.traffic[0].tag, spec.traffic[1].tag'],
  ])('%s', (_n, patch, want) => {
    expect(errorsOf('Service', svc(patch))).toBe(want);
  });
});

// The autoscaler module owns the rules; these cases check they run on the template with full paths.
describe('autoscaling annotations on the template', () => {
  const A = 'spec.template.metadata.annotations.autoscaling.knative.dev/';
  it.each<[string, Record<string, string>, string]>([
    ['valid set', { 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev', 'autoscaling.knative.dev/target': '10', 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '5' }, ''],
    ['max < min', { 'autoscaling.knative.dev/min-scale': '2', 'autoscaling.knative.dev/max-scale': '1' },
      `max-scale=1 is less than min-scale=2: ${A}max-scale, ${A}min-scale`],
    ['legacy alias', { 'autoscaling.knative.dev/minScale': '-1' }, `expected 0 <= -1 <= 2147483647: ${A}minScale`],
    ['non-int', { 'autoscaling.knative.dev/max-scale': 'ten' }, `invalid value: ten: ${A}max-scale`],
    ['target too small', { 'autoscaling.knative.dev/target': '0' }, `target 0 should be at least 0.01: ${A}target`],
    ['utilization range', { 'autoscaling.knative.dev/target-utilization-percentage': '150' }, `expected 1 <= 150 <= 100: ${A}target-utilization-percentage`],
    ['bad class', { 'autoscaling.knative.dev/class': 'foo.knative.dev' }, `invalid value: foo.knative.dev: ${A}class`],
    ['bad kpa metric', { 'autoscaling.knative.dev/metric': 'cpu' }, `invalid value: cpu: ${A}metric`],
    ['hpa cpu ok', { 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev', 'autoscaling.knative.dev/metric': 'cpu' }, ''],
    ['window too short', { 'autoscaling.knative.dev/window': '5s' }, `expected 6s <= 5s <= 1h0m0s: ${A}window`],
    ['panic threshold', { 'autoscaling.knative.dev/panic-threshold-percentage': '100' }, `expected 110 <= 100 <= 1000: ${A}panic-threshold-percentage`],
    ['activation scale 1', { 'autoscaling.knative.dev/activation-scale': '1' }, `activation-scale=1 must be greater than 1: ${A}activation-scale`],
  ])('%s', (_n, anns, want) => {
    expect(errorsOf('Service', svc((s) => (s.spec.template.metadata = { annotations: anns })))).toBe(want);
  });
});

describe('updates', () => {
  it('rejects a template change that keeps the BYO name', () => {
    const old = defaultAndValidate('Service', svc((s) => (s.spec.template.metadata = { name: 'hello-one' })), undefined, cfg).object;
    const next = structuredClone(old);
    next.spec.template.spec.containers![0].image = 'changed';
    const text = errorsOf('Service', next, old);
    expect(text.split('\n')[0]).toBe('Saw the following changes without a name change (-old +new): spec.template.metadata.name');
    expect(text).toContain('-         "image": "ghcr.io/knative/helloworld-go",\n+         "image": "changed",');
  });

  it('rejects a creator change', () => {
    const old = defaultAndValidate('Service', svc(), undefined, cfg, { username: 'a' }).object;
    const next = structuredClone(old);
    next.metadata.annotations![CREATOR_ANNOTATION] = 'mallory';
    expect(errorsOf('Service', next, old)).toBe('annotation value is immutable: metadata.annotations.serving.knative.dev/creator');
  });

  it('keeps a Revision spec immutable', () => {
    const rev: Revision = {
      metadata: { name: 'hello-00001', namespace: 'default' },
      spec: { containers: [{ name: 'user-container', image: 'a' }] },
    };
    const old = defaultAndValidate('Revision', rev, undefined, cfg).object;
    const next = structuredClone(old);
    next.spec.containers![0].image = 'b';
    expect(errorsOf('Revision', next, old).split('\n')[0]).toBe('Immutable fields changed (-old +new): spec');
    // Updates are not defaulted: a config change must not rewrite an immutable spec.
    const bare = structuredClone(old);
    delete bare.spec.timeoutSeconds;
    expect(defaultAndValidate('Revision', bare, bare, cfg).object.spec.timeoutSeconds).toBeUndefined();
    const relabelled = structuredClone(old);
    relabelled.metadata.labels = { 'serving.knative.dev/routingState': 'active' };
    expect(errorsOf('Revision', relabelled, old)).toBe('');
  });

  it('status updates skip defaulting and validation', () => {
    const bad = svc((s) => (s.spec.template.spec.containers = []));
    expect(defaultAndValidate('Service', bad, bad, cfg, { statusUpdate: true }).errors).toEqual([]);
  });
});

describe('Route and Configuration', () => {
  const route = (traffic: Route['spec']['traffic'], labels?: Record<string, string>): Route => ({
    metadata: { name: 'r', namespace: 'default', labels },
    spec: { traffic },
  });
  it.each<[string, Route, string]>([
    ['empty traffic is not defaulted', route(undefined), 'Traffic targets sum to 0, want 100: spec.traffic'],
    ['neither revision nor configuration', route([{ percent: 100 }]),
      'expected exactly one, got neither: spec.traffic[0].configurationName, spec.traffic[0].revisionName'],
    ['both', route([{ percent: 100, revisionName: 'a', configurationName: 'b' }]),
      'expected exactly one, got both: spec.traffic[0].configurationName, spec.traffic[0].revisionName'],
    ['service label without owner', route([{ configurationName: 'c', percent: 100 }], { 'serving.knative.dev/service': 's' }),
      'missing field(s): metadata.labels.serving.knative.dev/service'],
    ['valid', route([{ configurationName: 'c', percent: 100 }]), ''],
  ])('%s', (_n, r, want) => expect(errorsOf('Route', r)).toBe(want));

  it('Configuration checks the BYO prefix against its own name', () => {
    const c = { metadata: { name: 'cfg' }, spec: { template: { metadata: { name: 'hello-1' }, spec: { containers: [{ image: 'x' }] } } } };
    expect(errorsOf('Configuration', c)).toBe('invalid value: "hello-1" must have prefix "cfg-": spec.template.metadata.name');
  });
});
