// Typed Serving configuration parsed from the knative-serving config maps. Every parser takes the
// map's `data` (undefined when the map is missing ⇒ all defaults) and throws ConfigError on bad values.
import { parse as parseYaml } from 'yaml';
import { parseGoDuration } from './duration.js';
import { checkHostTemplate } from './host-template.js';
import { parseAutoscalerConfig, type AutoscalerConfig } from './autoscaler/config.js';

type Data = Readonly<Record<string, string>> | undefined;

/** A config map value that could not be used. */
export class ConfigError extends Error {
  constructor(
    readonly configMap: string,
    message: string,
  ) {
    super(`${configMap}: ${message}`);
    this.name = 'ConfigError';
  }
}

// ---------- shared value parsers ----------

function str(data: Data, key: string, dflt: string): string {
  const v = data?.[key];
  return v === undefined || v.trim() === '' ? dflt : v.trim();
}

function int(cm: string, data: Data, key: string, dflt: number): number {
  const v = data?.[key];
  if (v === undefined || v.trim() === '') return dflt;
  if (!/^[+-]?\d+$/.test(v.trim())) throw new ConfigError(cm, `failed to parse "${key}": invalid integer "${v}"`);
  return Number(v.trim());
}

function bool(cm: string, data: Data, key: string, dflt: boolean): boolean {
  const v = data?.[key];
  if (v === undefined || v.trim() === '') return dflt;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw new ConfigError(cm, `failed to parse "${key}": invalid boolean "${v}"`);
}

/** Go duration in milliseconds; `disabledValue` is returned for the literal "disabled" when allowed. */
function duration(cm: string, data: Data, key: string, dflt: number, disabledValue?: number): number {
  const v = data?.[key];
  if (v === undefined || v.trim() === '') return dflt;
  if (disabledValue !== undefined && v.trim().toLowerCase() === 'disabled') return disabledValue;
  const ms = parseGoDuration(v);
  if (ms === undefined) throw new ConfigError(cm, `failed to parse "${key}": invalid duration "${v}"`);
  return ms;
}

// ---------- config-domain ----------

/** One domain and the Route labels that select it (empty selector = default). */
export interface DomainEntry {
  domain: string;
  selector: Record<string, string>;
}

/** config-domain. */
export interface DomainConfig {
  domains: DomainEntry[];
}

/** Default domain when config-domain has no selector-less entry. */
export const DEFAULT_DOMAIN = 'svc.cluster.local';
/** Domain suffix of cluster-local hosts. */
export const CLUSTER_LOCAL_DOMAIN = 'svc.cluster.local';

/** Parses config-domain: keys are domains, values an optional YAML `selector:` label map. */
export function parseDomainConfig(data: Data): DomainConfig {
  const domains: DomainEntry[] = [];
  let hasDefault = false;
  for (const [key, value] of Object.entries(data ?? {})) {
    if (key === '_example') continue;
    let parsed: unknown;
    try {
      parsed = value.trim() === '' ? {} : parseYaml(value);
    } catch (e) {
      throw new ConfigError('config-domain', `invalid value for "${key}": ${(e as Error).message}`);
    }
    const selector = (parsed && typeof parsed === 'object' ? (parsed as { selector?: unknown }).selector : undefined) ?? {};
    if (typeof selector !== 'object' || Array.isArray(selector)) {
      throw new ConfigError('config-domain', `invalid selector for "${key}"`);
    }
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(selector as Record<string, unknown>)) labels[k] = String(v);
    if (Object.keys(labels).length === 0) hasDefault = true;
    domains.push({ domain: key, selector: labels });
  }
  if (!hasDefault) domains.push({ domain: DEFAULT_DOMAIN, selector: {} });
  return { domains };
}

/** The domain for a Route with `labels`: most specific matching selector, ties to the smallest key. */
export function lookupDomain(cfg: DomainConfig, labels: Readonly<Record<string, string>>): string {
  let best = '';
  let specificity = -1;
  for (const { domain, selector } of cfg.domains) {
    const size = Object.keys(selector).length;
    const matches = Object.entries(selector).every(([k, v]) => labels[k] === v);
    if (!matches || size < specificity) continue;
    if (size > specificity || domain < best) {
      best = domain;
      specificity = size;
    }
  }
  return best;
}

// ---------- config-network ----------

/** config-network (knative/networking). */
export interface NetworkConfig {
  ingressClass: string;
  certificateClass: string;
  domainTemplate: string;
  tagTemplate: string;
  defaultExternalScheme: 'http' | 'https';
  httpProtocol: 'enabled' | 'redirected' | 'disabled';
  externalDomainTLS: boolean;
  clusterLocalDomainTLS: 'enabled' | 'disabled';
  systemInternalTLS: 'enabled' | 'disabled';
  /** Gradual rollout duration in whole seconds (0 = instant). */
  rolloutDurationSeconds: number;
  autocreateClusterDomainClaims: boolean;
  enableMeshPodAddressability: boolean;
  meshCompatibilityMode: 'auto' | 'enabled' | 'disabled';
}

export const DEFAULT_DOMAIN_TEMPLATE = '{{.Name}}.{{.Namespace}}.{{.Domain}}';
export const DEFAULT_TAG_TEMPLATE = '{{.Tag}}-{{.Name}}';
export const ISTIO_INGRESS_CLASS = 'istio.ingress.networking.knative.dev';
export const KOURIER_INGRESS_CLASS = 'kourier.ingress.networking.knative.dev';

function oneOf<T extends string>(cm: string, data: Data, key: string, dflt: T, allowed: readonly T[]): T {
  const v = str(data, key, dflt).toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(cm, `${key} with value "${data?.[key]}" is not one of ${allowed.join(', ')}`);
  }
  return v as T;
}

/** Parses config-network. */
export function parseNetworkConfig(data: Data): NetworkConfig {
  const cm = 'config-network';
  const domainTemplate = str(data, 'domain-template', DEFAULT_DOMAIN_TEMPLATE);
  const domainErr = checkHostTemplate(domainTemplate, 'Name');
  if (domainErr) throw new ConfigError(cm, `invalid domain-template: ${domainErr}`);
  const tagTemplate = str(data, 'tag-template', DEFAULT_TAG_TEMPLATE);
  const tagErr = checkHostTemplate(tagTemplate, 'Tag');
  if (tagErr) throw new ConfigError(cm, `invalid tag-template: ${tagErr}`);
  const rollout = int(cm, data, 'rollout-duration', 0);
  if (rollout < 0) throw new ConfigError(cm, `rollout-duration must be non-negative, was ${rollout}`);
  // auto-tls is the older name of external-domain-tls; "Enabled"/"true" both turn it on.
  const tls = str(data, 'external-domain-tls', str(data, 'auto-tls', 'disabled')).toLowerCase();
  const externalDomainTLS = tls === 'enabled' || tls === 'true';
  return {
    ingressClass: str(data, 'ingress-class', str(data, 'ingress.class', ISTIO_INGRESS_CLASS)),
    certificateClass: str(data, 'certificate-class', 'cert-manager.certificate.networking.knative.dev'),
    domainTemplate,
    tagTemplate,
    defaultExternalScheme: oneOf(cm, data, 'default-external-scheme', 'http', ['http', 'https'] as const),
    httpProtocol: oneOf(cm, data, 'http-protocol', 'enabled', ['enabled', 'redirected', 'disabled'] as const),
    externalDomainTLS,
    clusterLocalDomainTLS: oneOf(cm, data, 'cluster-local-domain-tls', 'disabled', ['enabled', 'disabled'] as const),
    systemInternalTLS: oneOf(cm, data, 'system-internal-tls', 'disabled', ['enabled', 'disabled'] as const),
    rolloutDurationSeconds: rollout,
    autocreateClusterDomainClaims: bool(cm, data, 'autocreate-cluster-domain-claims', false),
    enableMeshPodAddressability: bool(cm, data, 'enable-mesh-pod-addressability', false),
    meshCompatibilityMode: oneOf(cm, data, 'mesh-compatibility-mode', 'auto', ['auto', 'enabled', 'disabled'] as const),
  };
}

// ---------- config-defaults ----------

/** config-defaults. Resource quantities are kept as the strings the user wrote. */
export interface DefaultsConfig {
  revisionTimeoutSeconds: number;
  maxRevisionTimeoutSeconds: number;
  revisionResponseStartTimeoutSeconds: number;
  revisionIdleTimeoutSeconds: number;
  containerConcurrency: number;
  containerConcurrencyMaxLimit: number;
  allowContainerConcurrencyZero: boolean;
  containerNameTemplate: string;
  initContainerNameTemplate: string;
  /** `undefined` = leave the field unset (upstream's "default"). */
  enableServiceLinks: boolean | undefined;
  revisionCpuRequest?: string;
  revisionMemoryRequest?: string;
  revisionEphemeralStorageRequest?: string;
  revisionCpuLimit?: string;
  revisionMemoryLimit?: string;
  revisionEphemeralStorageLimit?: string;
}

/** Parses config-defaults and checks the cross-key limits. */
export function parseDefaultsConfig(data: Data): DefaultsConfig {
  const cm = 'config-defaults';
  const opt = (k: string): string | undefined => (data?.[k]?.trim() ? data[k].trim() : undefined);
  const links = str(data, 'enable-service-links', 'false').toLowerCase();
  if (!['true', 'false', 'default'].includes(links)) {
    throw new ConfigError(cm, `enable-service-links must be one of true, false, default; was "${links}"`);
  }
  const c: DefaultsConfig = {
    revisionTimeoutSeconds: int(cm, data, 'revision-timeout-seconds', 300),
    maxRevisionTimeoutSeconds: int(cm, data, 'max-revision-timeout-seconds', 600),
    revisionResponseStartTimeoutSeconds: int(cm, data, 'revision-response-start-timeout-seconds', 300),
    revisionIdleTimeoutSeconds: int(cm, data, 'revision-idle-timeout-seconds', 0),
    containerConcurrency: int(cm, data, 'container-concurrency', 0),
    containerConcurrencyMaxLimit: int(cm, data, 'container-concurrency-max-limit', 1000),
    allowContainerConcurrencyZero: bool(cm, data, 'allow-container-concurrency-zero', true),
    containerNameTemplate: str(data, 'container-name-template', 'user-container'),
    initContainerNameTemplate: str(data, 'init-container-name-template', 'init-container'),
    enableServiceLinks: links === 'default' ? undefined : links === 'true',
    revisionCpuRequest: opt('revision-cpu-request'),
    revisionMemoryRequest: opt('revision-memory-request'),
    revisionEphemeralStorageRequest: opt('revision-ephemeral-storage-request'),
    revisionCpuLimit: opt('revision-cpu-limit'),
    revisionMemoryLimit: opt('revision-memory-limit'),
    revisionEphemeralStorageLimit: opt('revision-ephemeral-storage-limit'),
  };
  if (c.revisionTimeoutSeconds <= 0) {
    throw new ConfigError(cm, `revision-timeout-seconds must be positive, was ${c.revisionTimeoutSeconds}`);
  }
  if (c.revisionTimeoutSeconds > c.maxRevisionTimeoutSeconds) {
    throw new ConfigError(
      cm,
      `revision-timeout-seconds (${c.revisionTimeoutSeconds}) cannot be greater than max-revision-timeout-seconds (${c.maxRevisionTimeoutSeconds})`,
    );
  }
  if (c.containerConcurrencyMaxLimit < 1) {
    throw new ConfigError(cm, `container-concurrency-max-limit must be at least 1, was ${c.containerConcurrencyMaxLimit}`);
  }
  const ccMin = c.allowContainerConcurrencyZero ? 0 : 1;
  if (c.containerConcurrency < ccMin || c.containerConcurrency > c.containerConcurrencyMaxLimit) {
    throw new ConfigError(
      cm,
      `container-concurrency must be in [${ccMin}, ${c.containerConcurrencyMaxLimit}], was ${c.containerConcurrency}`,
    );
  }
  return c;
}

// ---------- config-gc ----------

/** config-gc. Durations in ms; -1 means "disabled". */
export interface GcConfig {
  retainSinceCreateTimeMs: number;
  retainSinceLastActiveTimeMs: number;
  minNonActiveRevisions: number;
  /** -1 means "disabled". */
  maxNonActiveRevisions: number;
}

/** Marker for a disabled config-gc setting. */
export const GC_DISABLED = -1;

/** Parses config-gc. */
export function parseGcConfig(data: Data): GcConfig {
  const cm = 'config-gc';
  const maxText = str(data, 'max-non-active-revisions', '1000');
  const c: GcConfig = {
    retainSinceCreateTimeMs: duration(cm, data, 'retain-since-create-time', 48 * 3_600_000, GC_DISABLED),
    retainSinceLastActiveTimeMs: duration(cm, data, 'retain-since-last-active-time', 15 * 3_600_000, GC_DISABLED),
    minNonActiveRevisions: int(cm, data, 'min-non-active-revisions', 20),
    maxNonActiveRevisions:
      maxText.toLowerCase() === 'disabled' ? GC_DISABLED : int(cm, data, 'max-non-active-revisions', 1000),
  };
  for (const [k, v] of [
    ['retain-since-create-time', c.retainSinceCreateTimeMs],
    ['retain-since-last-active-time', c.retainSinceLastActiveTimeMs],
  ] as const) {
    if (v < 0 && v !== GC_DISABLED) throw new ConfigError(cm, `${k} must be non-negative`);
  }
  if (c.minNonActiveRevisions < 0) {
    throw new ConfigError(cm, `min-non-active-revisions must be non-negative, was ${c.minNonActiveRevisions}`);
  }
  if (c.maxNonActiveRevisions !== GC_DISABLED && c.maxNonActiveRevisions < 0) {
    throw new ConfigError(cm, `max-non-active-revisions must be non-negative, was ${c.maxNonActiveRevisions}`);
  }
  if (c.maxNonActiveRevisions !== GC_DISABLED && c.minNonActiveRevisions > c.maxNonActiveRevisions) {
    throw new ConfigError(
      cm,
      `max-non-active-revisions(${c.maxNonActiveRevisions}) must be >= min-non-active-revisions(${c.minNonActiveRevisions})`,
    );
  }
  return c;
}

// ---------- config-deployment ----------

/** config-deployment. */
export interface DeploymentConfig {
  queueSidecarImage: string;
  /** Progress deadline in ms. */
  progressDeadlineMs: number;
  queueSidecarCPURequest?: string;
  queueSidecarCPULimit?: string;
  queueSidecarMemoryRequest?: string;
  queueSidecarMemoryLimit?: string;
  queueSidecarEphemeralStorageRequest?: string;
  queueSidecarEphemeralStorageLimit?: string;
  registriesSkippingTagResolving: string[];
  digestResolutionTimeoutMs: number;
  /**
   * Quiet period of the queue-proxy's drain on shutdown, in ms (our key
   * `queue-sidecar-drain-quiet-period`, not upstream's). Unset: the queue-proxy's own default.
   * The local control plane shortens it: its gateway drops an ending pod within milliseconds.
   */
  queueSidecarDrainQuietMs?: number;
}

/** Image name of our queue-proxy when config-deployment does not name one (upstream's ko path). */
export const DEFAULT_QUEUE_SIDECAR_IMAGE = 'knative.dev/serving/cmd/queue';

/** config-deployment key (ours) for the queue-proxy's drain quiet period. */
export const DRAIN_QUIET_PERIOD_KEY = 'queue-sidecar-drain-quiet-period';

/** Parses config-deployment. */
export function parseDeploymentConfig(data: Data): DeploymentConfig {
  const cm = 'config-deployment';
  const opt = (k: string, d?: string): string | undefined => (data?.[k]?.trim() ? data[k].trim() : d);
  const c: DeploymentConfig = {
    queueSidecarImage: str(data, 'queue-sidecar-image', str(data, 'queueSidecarImage', DEFAULT_QUEUE_SIDECAR_IMAGE)),
    progressDeadlineMs: duration(cm, data, 'progress-deadline', 600_000),
    queueSidecarCPURequest: opt('queue-sidecar-cpu-request', '25m'),
    queueSidecarCPULimit: opt('queue-sidecar-cpu-limit'),
    queueSidecarMemoryRequest: opt('queue-sidecar-memory-request'),
    queueSidecarMemoryLimit: opt('queue-sidecar-memory-limit'),
    queueSidecarEphemeralStorageRequest: opt('queue-sidecar-ephemeral-storage-request'),
    queueSidecarEphemeralStorageLimit: opt('queue-sidecar-ephemeral-storage-limit'),
    registriesSkippingTagResolving: str(data, 'registries-skipping-tag-resolving', 'kind.local,ko.local,dev.local')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    digestResolutionTimeoutMs: duration(cm, data, 'digest-resolution-timeout', 10_000),
  };
  if (opt(DRAIN_QUIET_PERIOD_KEY) !== undefined) {
    const ms = duration(cm, data, DRAIN_QUIET_PERIOD_KEY, 0);
    // The queue-proxy takes whole seconds (QUEUE_DRAIN_QUIET_SECONDS).
    if (ms < 0 || ms % 1000 !== 0) throw new ConfigError(cm, `${DRAIN_QUIET_PERIOD_KEY} must be a non-negative duration of whole seconds`);
    c.queueSidecarDrainQuietMs = ms;
  }
  if (c.progressDeadlineMs <= 0) throw new ConfigError(cm, 'progress-deadline cannot be a non-positive duration');
  if (c.progressDeadlineMs % 1000 !== 0) throw new ConfigError(cm, 'progress-deadline must be at second precision');
  if (c.digestResolutionTimeoutMs <= 0) {
    throw new ConfigError(cm, 'digest-resolution-timeout cannot be a non-positive duration');
  }
  return c;
}

// ---------- config-features ----------

/** A feature flag value. `allowed` means "off unless the workload opts in". */
export type Flag = 'enabled' | 'disabled' | 'allowed';

/** config-features: flag name → value (all known flags present). */
export type FeaturesConfig = Readonly<Record<string, Flag>>;

/** Pod-spec and other feature flags with their defaults (spec §16). */
export const FEATURE_DEFAULTS: Readonly<Record<string, Flag>> = {
  'multi-container': 'enabled',
  'multi-container-probing': 'disabled',
  'kubernetes.podspec-affinity': 'disabled',
  'kubernetes.podspec-topologyspreadconstraints': 'disabled',
  'kubernetes.podspec-hostaliases': 'disabled',
  'kubernetes.podspec-nodeselector': 'disabled',
  'kubernetes.podspec-tolerations': 'disabled',
  'kubernetes.podspec-fieldref': 'disabled',
  'kubernetes.podspec-runtimeclassname': 'disabled',
  'kubernetes.podspec-dnspolicy': 'disabled',
  'kubernetes.podspec-dnsconfig': 'disabled',
  'kubernetes.podspec-securitycontext': 'disabled',
  'kubernetes.podspec-shareprocessnamespace': 'disabled',
  'kubernetes.podspec-hostipc': 'disabled',
  'kubernetes.podspec-hostpid': 'disabled',
  'kubernetes.podspec-hostnetwork': 'disabled',
  'kubernetes.podspec-priorityclassname': 'disabled',
  'kubernetes.podspec-schedulername': 'disabled',
  'kubernetes.podspec-init-containers': 'disabled',
  'kubernetes.podspec-persistent-volume-claim': 'disabled',
  'kubernetes.podspec-persistent-volume-write': 'disabled',
  'kubernetes.podspec-volumes-emptydir': 'enabled',
  'kubernetes.podspec-volumes-hostpath': 'disabled',
  'kubernetes.podspec-volumes-csi': 'disabled',
  'kubernetes.podspec-volumes-ephemeral': 'disabled',
  'kubernetes.podspec-volumes-image': 'disabled',
  'kubernetes.podspec-volumes-mount-propagation': 'disabled',
  'kubernetes.containerspec-addcapabilities': 'disabled',
  'tag-header-based-routing': 'disabled',
  'autodetect-http2': 'disabled',
  'queueproxy.mount-podinfo': 'disabled',
  'queueproxy.resource-defaults': 'disabled',
  'secure-pod-defaults': 'disabled',
};

/** Parses config-features; unknown keys are kept (newer flags), bad values rejected. */
export function parseFeaturesConfig(data: Data): FeaturesConfig {
  const out: Record<string, Flag> = { ...FEATURE_DEFAULTS };
  for (const [key, raw] of Object.entries(data ?? {})) {
    if (key === '_example') continue;
    const v = raw.trim().toLowerCase();
    if (v === '') continue;
    if (v !== 'enabled' && v !== 'disabled' && v !== 'allowed') {
      throw new ConfigError('config-features', `invalid value for feature flag "${key}": "${raw}"`);
    }
    out[key] = v;
  }
  return out;
}

/** True when the feature is on for validation purposes (`allowed` counts as on). */
export function featureOn(features: FeaturesConfig, name: string): boolean {
  const v = features[name] ?? FEATURE_DEFAULTS[name] ?? 'disabled';
  return v !== 'disabled';
}

// ---------- all of it ----------

/** Everything serving builders and the webhook read, parsed once per config change. */
export interface ServingConfig {
  domain: DomainConfig;
  network: NetworkConfig;
  defaults: DefaultsConfig;
  gc: GcConfig;
  deployment: DeploymentConfig;
  features: FeaturesConfig;
  /** config-autoscaler, parsed by the autoscaler's own parser. */
  autoscaler: AutoscalerConfig;
}

/** Config map data by config map name (`config-domain` ...); missing maps mean defaults. */
export type ConfigMaps = Readonly<Record<string, Data>>;

/** Parses every serving config map; throws the first ConfigError (AutoscalerConfigError for config-autoscaler). */
export function parseServingConfig(maps: ConfigMaps = {}): ServingConfig {
  return {
    domain: parseDomainConfig(maps['config-domain']),
    network: parseNetworkConfig(maps['config-network']),
    defaults: parseDefaultsConfig(maps['config-defaults']),
    gc: parseGcConfig(maps['config-gc']),
    deployment: parseDeploymentConfig(maps['config-deployment']),
    features: parseFeaturesConfig(maps['config-features']),
    autoscaler: parseAutoscalerConfig(maps['config-autoscaler']),
  };
}
