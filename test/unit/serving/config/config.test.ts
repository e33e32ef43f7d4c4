import {
  ConfigError,
  DEFAULT_QUEUE_SIDECAR_IMAGE,
  GC_DISABLED,
  KOURIER_INGRESS_CLASS,
  featureOn,
  lookupDomain,
  parseDefaultsConfig,
  parseDeploymentConfig,
  parseDomainConfig,
  parseFeaturesConfig,
  parseGcConfig,
  parseNetworkConfig,
  parseServingConfig,
} from '../../../../src/lib/serving/config.js';

describe('parseServingConfig defaults (no config maps)', () => {
  const cfg = parseServingConfig();
  it.each([
    ['domain is svc.cluster.local', lookupDomain(cfg.domain, {}), 'svc.cluster.local'],
    ['domain template', cfg.network.domainTemplate, '{{.Name}}.{{.Namespace}}.{{.Domain}}'],
    ['tag template', cfg.network.tagTemplate, '{{.Tag}}-{{.Name}}'],
    ['ingress class', cfg.network.ingressClass, 'istio.ingress.networking.knative.dev'],
    ['scheme', cfg.network.defaultExternalScheme, 'http'],
    ['revision timeout', cfg.defaults.revisionTimeoutSeconds, 300],
    ['max revision timeout', cfg.defaults.maxRevisionTimeoutSeconds, 600],
    ['container concurrency', cfg.defaults.containerConcurrency, 0],
    ['cc max', cfg.defaults.containerConcurrencyMaxLimit, 1000],
    ['container name', cfg.defaults.containerNameTemplate, 'user-container'],
    ['service links', cfg.defaults.enableServiceLinks, false],
    ['gc create', cfg.gc.retainSinceCreateTimeMs, 48 * 3600_000],
    ['gc active', cfg.gc.retainSinceLastActiveTimeMs, 15 * 3600_000],
    ['gc min', cfg.gc.minNonActiveRevisions, 20],
    ['gc max', cfg.gc.maxNonActiveRevisions, 1000],
    ['queue image', cfg.deployment.queueSidecarImage, DEFAULT_QUEUE_SIDECAR_IMAGE],
    ['progress deadline', cfg.deployment.progressDeadlineMs, 600_000],
    ['queue cpu request', cfg.deployment.queueSidecarCPURequest, '25m'],
    ['multi-container on', featureOn(cfg.features, 'multi-container'), true],
    ['tag header routing off', featureOn(cfg.features, 'tag-header-based-routing'), false],
    ['pa class', cfg.autoscaler.podAutoscalerClass, 'kpa.autoscaling.knative.dev'],
  ])('%s', (_n, got, want) => expect(got).toEqual(want));
});

describe('config-domain', () => {
  const cfg = parseDomainConfig({
    _example: 'ignored',
    'example.com': '',
    'prod.com': 'selector:\n  app: prod\n',
    'a-prod.com': 'selector:\n  app: prod\n',
    'special.com': 'selector:\n  app: prod\n  tier: gold\n',
  });
  it.each([
    ['no labels ⇒ selector-less entry', {}, 'example.com'],
    ['matching selector beats default', { app: 'prod' }, 'a-prod.com'],
    ['most specific selector wins', { app: 'prod', tier: 'gold' }, 'special.com'],
    ['non-matching selector ignored', { app: 'dev' }, 'example.com'],
  ])('%s', (_n, labels, want) => expect(lookupDomain(cfg, labels)).toBe(want));

  it('adds svc.cluster.local when only selector entries exist', () => {
    expect(lookupDomain(parseDomainConfig({ 'x.com': 'selector:\n  a: b' }), {})).toBe('svc.cluster.local');
  });
  it('rejects bad YAML', () => {
    expect(() => parseDomainConfig({ 'x.com': 'selector: [' })).toThrow(ConfigError);
  });
});

describe('config-network', () => {
  it('reads kourier class and custom templates', () => {
    const n = parseNetworkConfig({
      'ingress-class': KOURIER_INGRESS_CLASS,
      'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}',
      'default-external-scheme': 'HTTPS',
      'rollout-duration': '120',
    });
    expect(n).toMatchObject({ ingressClass: KOURIER_INGRESS_CLASS, defaultExternalScheme: 'https', rolloutDurationSeconds: 120 });
  });
  it.each([
    ['domain template without Name', { 'domain-template': '{{.Namespace}}.{{.Domain}}' }],
    ['domain template with a path', { 'domain-template': '{{.Name}}.{{.Domain}}/x' }],
    ['unknown template field', { 'domain-template': '{{.Name}}.{{.Bogus}}' }],
    ['tag template without Tag', { 'tag-template': '{{.Name}}' }],
    ['bad scheme', { 'default-external-scheme': 'ftp' }],
    ['negative rollout', { 'rollout-duration': '-1' }],
    ['non-integer rollout', { 'rollout-duration': 'soon' }],
  ])('rejects %s', (_n, data) => expect(() => parseNetworkConfig(data)).toThrow(ConfigError));
});

describe('config-defaults', () => {
  it('parses values and optional resources', () => {
    const d = parseDefaultsConfig({ 'revision-timeout-seconds': '100', 'revision-cpu-request': '400m', 'enable-service-links': 'default' });
    expect(d).toMatchObject({ revisionTimeoutSeconds: 100, revisionCpuRequest: '400m', enableServiceLinks: undefined });
  });
  it.each([
    ['timeout above max', { 'revision-timeout-seconds': '700' }, 'revision-timeout-seconds (700) cannot be greater than max-revision-timeout-seconds (600)'],
    ['not an integer', { 'container-concurrency': 'x' }, 'failed to parse "container-concurrency"'],
    ['cc above limit', { 'container-concurrency': '2000' }, 'container-concurrency must be in [0, 1000]'],
    ['zero cc not allowed', { 'allow-container-concurrency-zero': 'false' }, 'container-concurrency must be in [1, 1000]'],
  ])('rejects %s', (_n, data, msg) => expect(() => parseDefaultsConfig(data)).toThrow(msg));
});

describe('config-gc', () => {
  it('accepts disabled values', () => {
    const g = parseGcConfig({ 'retain-since-create-time': 'disabled', 'max-non-active-revisions': 'disabled', 'retain-since-last-active-time': '1h30m' });
    expect(g).toEqual({ retainSinceCreateTimeMs: GC_DISABLED, retainSinceLastActiveTimeMs: 5_400_000, minNonActiveRevisions: 20, maxNonActiveRevisions: GC_DISABLED });
  });
  it('rejects max < min', () => {
    expect(() => parseGcConfig({ 'min-non-active-revisions': '5', 'max-non-active-revisions': '2' })).toThrow(
      'max-non-active-revisions(2) must be >= min-non-active-revisions(5)',
    );
  });
  it('rejects a bad duration', () => expect(() => parseGcConfig({ 'retain-since-create-time': '2 days' })).toThrow(ConfigError));
});

describe('config-deployment, config-features, config-autoscaler', () => {
  it('reads the queue image and registries', () => {
    const d = parseDeploymentConfig({ 'queue-sidecar-image': 'q:1', 'registries-skipping-tag-resolving': 'a.local, b.local' });
    expect(d.queueSidecarImage).toBe('q:1');
    expect(d.registriesSkippingTagResolving).toEqual(['a.local', 'b.local']);
  });
  it('reads the queue-proxy drain quiet period (ours), whole seconds only', () => {
    expect(parseDeploymentConfig({}).queueSidecarDrainQuietMs).toBeUndefined();
    expect(parseDeploymentConfig({ 'queue-sidecar-drain-quiet-period': '2s' }).queueSidecarDrainQuietMs).toBe(2000);
    expect(parseDeploymentConfig({ 'queue-sidecar-drain-quiet-period': '0s' }).queueSidecarDrainQuietMs).toBe(0);
    expect(() => parseDeploymentConfig({ 'queue-sidecar-drain-quiet-period': '1500ms' })).toThrow('whole seconds');
    expect(() => parseDeploymentConfig({ 'queue-sidecar-drain-quiet-period': '-1s' })).toThrow('whole seconds');
    expect(() => parseDeploymentConfig({ 'queue-sidecar-drain-quiet-period': 'soon' })).toThrow('invalid duration');
  });
  it('rejects a sub-second progress deadline', () => {
    expect(() => parseDeploymentConfig({ 'progress-deadline': '1500ms' })).toThrow('second precision');
  });
  it('features: overrides and rejects bad values', () => {
    const f = parseFeaturesConfig({ 'kubernetes.podspec-affinity': 'Enabled', 'multi-container': 'disabled' });
    expect(featureOn(f, 'kubernetes.podspec-affinity')).toBe(true);
    expect(featureOn(f, 'multi-container')).toBe(false);
    expect(() => parseFeaturesConfig({ 'multi-container': 'yes' })).toThrow(ConfigError);
  });
});
