// Validation of a RevisionSpec (PodSpec subset + serving extras) with upstream's messages.
// Paths are relative to the spec; callers nest them (e.g. under `spec.template.spec`).
import type { V1Container, V1Probe, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { featureOn, type ServingConfig } from '../config.js';
import type { RevisionSpec } from '../types.js';
import { isDNS1123Label, isDNS1123Subdomain } from './dns.js';
import {
  errDisallowedFields,
  errGeneric,
  errInvalidValue,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
  viaField,
  viaFieldIndex,
  type FieldErrors,
} from './field-error.js';

const MAX_INT32 = 2147483647;

/** Ports the queue-proxy and profiling use: user containers may not listen on them. */
export const RESERVED_PORTS: ReadonlySet<number> = new Set([8012, 8013, 8022, 9090, 9091, 8008]);
/** Env vars the runtime injects into the serving container. */
export const RESERVED_ENV_VARS: ReadonlySet<string> = new Set(['PORT', 'K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
/** Container name taken by the injected sidecar. */
export const QUEUE_PROXY_CONTAINER = 'queue-proxy';
const RESERVED_MOUNT_PATHS = new Set(['/', '/dev', '/dev/log']);
const VALID_PORT_NAMES = new Set(['', 'h2c', 'http1']);

/** Pod-spec fields always allowed in a RevisionSpec, and the serving extras. */
const ALWAYS_ALLOWED = new Set([
  'serviceAccountName',
  'containers',
  'volumes',
  'imagePullSecrets',
  'enableServiceLinks',
  'automountServiceAccountToken',
  'containerConcurrency',
  'timeoutSeconds',
  'responseStartTimeoutSeconds',
  'idleTimeoutSeconds',
]);

/** Pod-spec fields allowed only when their config-features flag is on. */
const GATED_FIELDS: Readonly<Record<string, string>> = {
  affinity: 'kubernetes.podspec-affinity',
  topologySpreadConstraints: 'kubernetes.podspec-topologyspreadconstraints',
  hostAliases: 'kubernetes.podspec-hostaliases',
  nodeSelector: 'kubernetes.podspec-nodeselector',
  tolerations: 'kubernetes.podspec-tolerations',
  runtimeClassName: 'kubernetes.podspec-runtimeclassname',
  dnsPolicy: 'kubernetes.podspec-dnspolicy',
  dnsConfig: 'kubernetes.podspec-dnsconfig',
  securityContext: 'kubernetes.podspec-securitycontext',
  shareProcessNamespace: 'kubernetes.podspec-shareprocessnamespace',
  hostIPC: 'kubernetes.podspec-hostipc',
  hostPID: 'kubernetes.podspec-hostpid',
  hostNetwork: 'kubernetes.podspec-hostnetwork',
  priorityClassName: 'kubernetes.podspec-priorityclassname',
  schedulerName: 'kubernetes.podspec-schedulername',
  initContainers: 'kubernetes.podspec-init-containers',
};

const CONTAINER_FIELDS = new Set([
  'name',
  'args',
  'command',
  'env',
  'workingDir',
  'envFrom',
  'image',
  'imagePullPolicy',
  'livenessProbe',
  'ports',
  'readinessProbe',
  'startupProbe',
  'resources',
  'securityContext',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'volumeMounts',
]);

const CONTAINER_SECURITY_FIELDS = new Set([
  'allowPrivilegeEscalation',
  'capabilities',
  'readOnlyRootFilesystem',
  'runAsGroup',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile',
]);

/** Volume sources, each with the feature flag that enables it (undefined = always allowed). */
const VOLUME_SOURCES: Readonly<Record<string, string | undefined>> = {
  secret: undefined,
  configMap: undefined,
  projected: undefined,
  emptyDir: 'kubernetes.podspec-volumes-emptydir',
  persistentVolumeClaim: 'kubernetes.podspec-persistent-volume-claim',
  hostPath: 'kubernetes.podspec-volumes-hostpath',
  csi: 'kubernetes.podspec-volumes-csi',
  ephemeral: 'kubernetes.podspec-volumes-ephemeral',
  image: 'kubernetes.podspec-volumes-image',
};

function isSet(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function disallowedKeys(obj: object, allowed: (k: string) => boolean): string[] {
  return Object.entries(obj)
    .filter(([k, v]) => isSet(v) && !allowed(k))
    .map(([k]) => k);
}

function validateVolumes(volumes: V1Volume[] | undefined, mounted: Set<string>, cfg: ServingConfig) {
  const errs: FieldErrors = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((vol, i) => {
    const e: FieldErrors = [];
    if (names.has(vol.name)) e.push(errGeneric(`duplicate volume name ${JSON.stringify(vol.name)}`, ['name']));
    if (!mounted.has(vol.name)) e.push(errGeneric(`volume with name ${JSON.stringify(vol.name)} not mounted`, ['name']));
    if (!vol.name) e.push(errMissingField('name'));
    else if (isDNS1123Label(vol.name).length > 0) e.push(errInvalidValue(vol.name, 'name'));
    const specified: string[] = [];
    for (const [key, value] of Object.entries(vol)) {
      if (key === 'name' || !isSet(value)) continue;
      if (!(key in VOLUME_SOURCES)) {
        e.push(errDisallowedFields(key));
        continue;
      }
      const flag = VOLUME_SOURCES[key];
      if (flag && !featureOn(cfg.features, flag)) e.push(errDisallowedFields(key));
      specified.push(key);
    }
    if (specified.length === 0) e.push(errMissingOneOf('secret', 'configMap', 'projected'));
    else if (specified.length > 1) e.push(errMultipleOneOf(...specified));
    errs.push(...viaFieldIndex(e, 'volumes', i));
    names.add(vol.name);
  });
  return { names, errs };
}

function validateVolumeMounts(mounts: V1VolumeMount[] | undefined, volumes: Set<string>): FieldErrors {
  const errs: FieldErrors = [];
  const seenPaths = new Set<string>();
  (mounts ?? []).forEach((vm, i) => {
    const e: FieldErrors = [];
    if (!volumes.has(vm.name)) e.push(errGeneric('volumeMount has no matching volume', ['name']));
    const clean = vm.mountPath ? cleanPath(vm.mountPath) : '';
    if (!vm.mountPath) e.push(errMissingField('mountPath'));
    else if (RESERVED_MOUNT_PATHS.has(clean)) {
      e.push(errGeneric(`mountPath ${JSON.stringify(clean)} is a reserved path`, ['mountPath']));
    } else if (!vm.mountPath.startsWith('/')) e.push(errInvalidValue(vm.mountPath, 'mountPath'));
    else if (seenPaths.has(clean)) e.push(errInvalidValue(`${JSON.stringify(vm.mountPath)} must be unique`, 'mountPath'));
    seenPaths.add(clean);
    errs.push(...viaFieldIndex(e, 'volumeMounts', i));
  });
  return errs;
}

/** filepath.Clean for absolute-ish paths: collapse slashes and dots. */
function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  const joined = out.join('/');
  return abs ? `/${joined}` : joined || '.';
}

function validateEnv(c: V1Container, sidecar: boolean, cfg: ServingConfig): FieldErrors {
  const errs: FieldErrors = [];
  (c.env ?? []).forEach((env, i) => {
    const e: FieldErrors = [];
    if (!env.name) e.push(errMissingField('name'));
    else if (RESERVED_ENV_VARS.has(env.name) && !(sidecar && env.name === 'PORT')) {
      e.push(errGeneric(`${JSON.stringify(env.name)} is a reserved environment variable`, ['name']));
    }
    if (env.valueFrom?.fieldRef && !featureOn(cfg.features, 'kubernetes.podspec-fieldref')) {
      e.push(errDisallowedFields('valueFrom.fieldRef'));
    }
    if (env.valueFrom?.resourceFieldRef && !featureOn(cfg.features, 'kubernetes.podspec-fieldref')) {
      e.push(errDisallowedFields('valueFrom.resourceFieldRef'));
    }
    errs.push(...viaFieldIndex(e, 'env', i));
  });
  (c.envFrom ?? []).forEach((src, i) => {
    if (src.configMapRef && src.secretRef) {
      errs.push(...viaFieldIndex([errMultipleOneOf('configMapRef', 'secretRef')], 'envFrom', i));
    } else if (!src.configMapRef && !src.secretRef) {
      errs.push(...viaFieldIndex([errMissingOneOf('configMapRef', 'secretRef')], 'envFrom', i));
    }
  });
  return errs;
}

function validatePorts(c: V1Container): FieldErrors {
  const port = c.ports?.[0];
  if (!port) return [];
  const e: FieldErrors = [];
  const extra = disallowedKeys(port, (k) => k === 'containerPort' || k === 'name' || k === 'protocol');
  if (extra.length) e.push(errDisallowedFields(...extra));
  if (port.protocol && port.protocol !== 'TCP') e.push(errInvalidValue(port.protocol, 'protocol'));
  if (RESERVED_PORTS.has(port.containerPort)) {
    e.push(
      errInvalidValue(
        `${port.containerPort} is a reserved port`,
        'containerPort',
        `${port.containerPort} is a reserved port, please use a different value`,
      ),
    );
  }
  if (port.containerPort < 0 || port.containerPort > 65535) {
    e.push(errOutOfBoundsValue(port.containerPort, 0, 65535, 'containerPort'));
  }
  if (!VALID_PORT_NAMES.has(port.name ?? '')) {
    e.push(errGeneric(`Port name ${port.name} is not allowed`, [''], "Name must be empty, or one of: 'h2c', 'http1'"));
  }
  return viaField(e, 'ports');
}

function validateProbeHandler(p: V1Probe, portName: string): FieldErrors {
  const e: FieldErrors = [];
  const handlers = (['httpGet', 'tcpSocket', 'exec', 'grpc'] as const).filter((h) => p[h] !== undefined && p[h] !== null);
  if (handlers.length === 0) e.push(errMissingOneOf('httpGet', 'tcpSocket', 'exec', 'grpc'));
  else if (handlers.length > 1) e.push(errMultipleOneOf(...handlers));
  for (const h of ['httpGet', 'tcpSocket'] as const) {
    const port = p[h]?.port;
    if (typeof port === 'string' && port !== '' && port !== portName) {
      e.push(errInvalidValue(port, `${h}.port`, 'Probe port must match container port'));
    }
  }
  return e;
}

function validateReadinessProbe(p: V1Probe, portName: string): FieldErrors {
  const e = validateProbeHandler(p, portName);
  const period = p.periodSeconds ?? 0;
  if (period < 0) e.push(errOutOfBoundsValue(period, 0, MAX_INT32, 'periodSeconds'));
  if ((p.initialDelaySeconds ?? 0) < 0) {
    e.push(errOutOfBoundsValue(p.initialDelaySeconds, 0, MAX_INT32, 'initialDelaySeconds'));
  }
  if ((p.successThreshold ?? 0) < 1) e.push(errOutOfBoundsValue(p.successThreshold ?? 0, 1, MAX_INT32, 'successThreshold'));
  if (period === 0) {
    // periodSeconds 0 selects queue-proxy's aggressive probing, which has its own retry policy.
    if ((p.failureThreshold ?? 0) !== 0) {
      e.push(errGeneric('failureThreshold is disallowed when periodSeconds is zero', ['failureThreshold']));
    }
    if ((p.timeoutSeconds ?? 0) !== 0) {
      e.push(errGeneric('timeoutSeconds is disallowed when periodSeconds is zero', ['timeoutSeconds']));
    }
  } else {
    if ((p.timeoutSeconds ?? 0) < 1) e.push(errOutOfBoundsValue(p.timeoutSeconds ?? 0, 1, MAX_INT32, 'timeoutSeconds'));
    if ((p.failureThreshold ?? 0) < 1) {
      e.push(errOutOfBoundsValue(p.failureThreshold ?? 0, 1, MAX_INT32, 'failureThreshold'));
    }
  }
  return e;
}

function validateContainer(
  c: V1Container,
  volumes: Set<string>,
  sidecar: boolean,
  cfg: ServingConfig,
): FieldErrors {
  const errs: FieldErrors = [];
  const extra = disallowedKeys(c, (k) => CONTAINER_FIELDS.has(k));
  if (extra.length) errs.push(errDisallowedFields(...extra));
  if (c.name === QUEUE_PROXY_CONTAINER) {
    errs.push(errGeneric(`${JSON.stringify(c.name)} is a reserved container name`, ['name']));
  }
  errs.push(...validateEnv(c, sidecar, cfg));
  if (!c.image) errs.push(errMissingField('image'));
  errs.push(...validatePorts(c));
  if (c.securityContext) {
    const bad = disallowedKeys(c.securityContext, (k) => CONTAINER_SECURITY_FIELDS.has(k)).map(
      (k) => `securityContext.${k}`,
    );
    if (c.securityContext.capabilities?.add?.length && !featureOn(cfg.features, 'kubernetes.containerspec-addcapabilities')) {
      bad.push('securityContext.capabilities.add');
    }
    if (bad.length) errs.push(errDisallowedFields(...bad));
  }
  const policy = c.terminationMessagePolicy;
  if (policy && policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errs.push(errInvalidValue(policy, 'terminationMessagePolicy'));
  }
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes));
  const portName = c.ports?.[0]?.name ?? '';
  if (sidecar && !featureOn(cfg.features, 'multi-container-probing')) {
    // Only the serving container's probes are honoured unless multi-container probing is on.
    for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
      if (c[probe]) errs.push(...viaField([errDisallowedFields(...Object.keys(c[probe] as object))], probe));
    }
  } else {
    if (c.livenessProbe) errs.push(...viaField(validateProbeHandler(c.livenessProbe, portName), 'livenessProbe'));
    if (c.readinessProbe) errs.push(...viaField(validateReadinessProbe(c.readinessProbe, portName), 'readinessProbe'));
  }
  if (c.startupProbe) errs.push(...viaField(validateProbeHandler(c.startupProbe, portName), 'startupProbe'));
  return errs;
}

function validateTimeouts(spec: RevisionSpec, cfg: ServingConfig): FieldErrors {
  const errs: FieldErrors = [];
  const max = cfg.defaults.maxRevisionTimeoutSeconds;
  const t = spec.timeoutSeconds;
  if (t !== undefined && t !== 0 && (t < 0 || t > max)) errs.push(errOutOfBoundsValue(t, 0, max, 'timeoutSeconds'));
  const bound = t && t > 0 ? Math.min(t, max) : max;
  for (const key of ['responseStartTimeoutSeconds', 'idleTimeoutSeconds'] as const) {
    const v = spec[key];
    if (v !== undefined && v !== 0 && (v < 0 || v > bound)) errs.push(errOutOfBoundsValue(v, 0, bound, key));
  }
  const cc = spec.containerConcurrency;
  if (cc !== undefined) {
    const min = cfg.defaults.allowContainerConcurrencyZero ? 0 : 1;
    if (cc < min || cc > cfg.defaults.containerConcurrencyMaxLimit) {
      errs.push(errOutOfBoundsValue(cc, min, cfg.defaults.containerConcurrencyMaxLimit, 'containerConcurrency'));
    }
  }
  return errs;
}

/** Validates a RevisionSpec against the cluster config (paths relative to the spec). */
export function validateRevisionSpec(spec: RevisionSpec, cfg: ServingConfig): FieldErrors {
  const errs: FieldErrors = [];
  const disallowed = disallowedKeys(spec, (k) => {
    if (ALWAYS_ALLOWED.has(k)) return true;
    const flag = GATED_FIELDS[k];
    return flag !== undefined && featureOn(cfg.features, flag);
  });
  if (disallowed.length) errs.push(errDisallowedFields(...disallowed));
  const containers = spec.containers ?? [];
  const mounted = new Set(containers.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
  const volumes = validateVolumes(spec.volumes, mounted, cfg);
  errs.push(...volumes.errs);
  const portCount = containers.reduce((n, c) => n + (c.ports?.length ?? 0), 0);
  if (portCount > 1) {
    errs.push(
      errGeneric('more than one container port is set', ['containers[*].ports'], 'Only a single port is allowed across all containers'),
    );
  }
  if (containers.length === 0) {
    errs.push(errMissingField('containers'));
  } else if (containers.length === 1) {
    errs.push(...viaFieldIndex(validateContainer(containers[0], volumes.names, false, cfg), 'containers', 0));
  } else if (!featureOn(cfg.features, 'multi-container')) {
    errs.push(errGeneric(`multi-container is off, but found ${containers.length} containers`, ['']));
  } else {
    if (portCount === 0) errs.push(errMissingField('containers[*].ports'));
    containers.forEach((c, i) => {
      const sidecar = (c.ports?.length ?? 0) === 0;
      errs.push(...viaFieldIndex(validateContainer(c, volumes.names, sidecar, cfg), 'containers', i));
    });
    const seen = new Set<string>();
    containers.forEach((c, i) => {
      if (c.name && seen.has(c.name)) {
        errs.push(errGeneric(`duplicate container name ${JSON.stringify(c.name)}`, [`containers[${i}].name`]));
      }
      if (c.name) seen.add(c.name);
    });
  }
  if (spec.serviceAccountName && isDNS1123Subdomain(spec.serviceAccountName).length > 0) {
    errs.push(errInvalidValue(spec.serviceAccountName, 'serviceAccountName'));
  }
  errs.push(...validateTimeouts(spec, cfg));
  return errs;
}
