// Defaulting (upstream SetDefaults) for Service, Configuration, Revision and Route. Every function
// mutates the object it is given; defaultAndValidate passes a deep copy.
import type { V1Container, V1Probe } from '@kubernetes/client-node';
import type { ServingConfig } from '../config.js';
import { renderHostTemplate } from '../host-template.js';
import { CREATOR_ANNOTATION, LAST_MODIFIER_ANNOTATION, SERVICE_LABEL } from '../labels.js';
import { childName } from '../names.js';
import type {
  Configuration,
  ObjectMeta,
  Revision,
  RevisionSpec,
  RevisionTemplateSpec,
  Route,
  Service,
  TrafficTarget,
} from '../types.js';
import { semanticEqual } from './diff.js';

/** What defaulting needs to know about the request. */
export interface DefaultingContext {
  config: ServingConfig;
  /** True on create, false on update. */
  create: boolean;
  /** Requesting user, for the creator/lastModifier annotations (omitted ⇒ not set). */
  username?: string;
}

function containerName(template: string, parentName: string): string {
  try {
    return renderHostTemplate(template, { Name: parentName });
  } catch {
    return template;
  }
}

function applyDefaultContainerNames(containers: V1Container[], base: string): void {
  const taken = new Set(containers.map((c) => c.name).filter((n): n is string => !!n));
  let next = 0;
  for (const c of containers) {
    if (c.name) continue;
    let name = base;
    if (containers.length > 1 || taken.has(name)) {
      do {
        name = childName(base, `-${next++}`);
      } while (taken.has(name));
    }
    c.name = name;
    taken.add(name);
  }
}

function applyProbeDefaults(c: V1Container): void {
  const p: V1Probe = c.readinessProbe ?? {};
  if (!p.tcpSocket && !p.httpGet && !p.exec && !p.grpc) {
    // Port 0 is a placeholder: the queue-proxy probes the user port.
    p.tcpSocket = { port: 0 };
  }
  if (!p.successThreshold) p.successThreshold = 1;
  if (p.periodSeconds) {
    if (!p.failureThreshold) p.failureThreshold = 3;
    if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  }
  c.readinessProbe = p;
  for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
    if (probe?.grpc && probe.grpc.service === undefined) probe.grpc.service = '';
  }
}

function applyResourceDefaults(c: V1Container, cfg: ServingConfig): void {
  const d = cfg.defaults;
  const set = (kind: 'requests' | 'limits', key: string, value: string | undefined) => {
    if (!value) return;
    c.resources ??= {};
    const list = (c.resources[kind] ??= {});
    if (list[key] === undefined) list[key] = value;
  };
  set('requests', 'cpu', d.revisionCpuRequest);
  set('requests', 'memory', d.revisionMemoryRequest);
  set('requests', 'ephemeral-storage', d.revisionEphemeralStorageRequest);
  set('limits', 'cpu', d.revisionCpuLimit);
  set('limits', 'memory', d.revisionMemoryLimit);
  set('limits', 'ephemeral-storage', d.revisionEphemeralStorageLimit);
}

function applyReadOnlyMounts(spec: RevisionSpec, c: V1Container): void {
  const writable = new Set(
    (spec.volumes ?? []).filter((v) => v.emptyDir || v.persistentVolumeClaim || v.ephemeral).map((v) => v.name),
  );
  for (const m of c.volumeMounts ?? []) {
    if (!writable.has(m.name)) m.readOnly = true;
  }
}

/** Defaults a RevisionSpec in place (timeouts, concurrency, container names, probes, mounts). */
export function setRevisionSpecDefaults(spec: RevisionSpec, parentName: string, ctx: DefaultingContext): void {
  const d = ctx.config.defaults;
  if (!spec.timeoutSeconds) spec.timeoutSeconds = d.revisionTimeoutSeconds;
  const timeout = spec.timeoutSeconds;
  if (spec.responseStartTimeoutSeconds === undefined) {
    const v = d.revisionResponseStartTimeoutSeconds;
    if (v !== 0 && v < timeout) spec.responseStartTimeoutSeconds = v;
  }
  if (spec.idleTimeoutSeconds === undefined) {
    const v = d.revisionIdleTimeoutSeconds;
    if (v !== 0 && v < timeout) spec.idleTimeoutSeconds = v;
  }
  if (spec.containerConcurrency === undefined) spec.containerConcurrency = d.containerConcurrency;
  if (spec.enableServiceLinks === undefined && ctx.create && d.enableServiceLinks !== undefined) {
    spec.enableServiceLinks = d.enableServiceLinks;
  }
  const containers = spec.containers ?? [];
  applyDefaultContainerNames(containers, containerName(d.containerNameTemplate, parentName));
  if (spec.initContainers?.length) {
    applyDefaultContainerNames(spec.initContainers, containerName(d.initContainerNameTemplate, parentName));
  }
  for (const c of containers) {
    // Only the serving container (the one with a port, or the only one) gets the readiness default.
    if (containers.length === 1 || (c.ports?.length ?? 0) > 0) applyProbeDefaults(c);
    applyResourceDefaults(c, ctx.config);
    applyReadOnlyMounts(spec, c);
  }
}

function setTemplateDefaults(tmpl: RevisionTemplateSpec, parent: ObjectMeta, ctx: DefaultingContext): void {
  tmpl.spec ??= {};
  setRevisionSpecDefaults(tmpl.spec, parent.name ?? parent.generateName ?? '', ctx);
}

/** Defaults one traffic target: latestRevision follows whether a revision is pinned; percent nil ⇒ 0. */
export function setTrafficTargetDefaults(tt: TrafficTarget): void {
  if (tt.latestRevision === undefined || tt.latestRevision === null) tt.latestRevision = !tt.revisionName;
  if (tt.percent === undefined || tt.percent === null) tt.percent = 0;
}

function setUserInfo(meta: ObjectMeta, oldSpec: unknown, newSpec: unknown, ctx: DefaultingContext): void {
  if (!ctx.username) return;
  const anns = { ...(meta.annotations ?? {}) };
  if (ctx.create) {
    anns[CREATOR_ANNOTATION] = ctx.username;
    anns[LAST_MODIFIER_ANNOTATION] = ctx.username;
  } else {
    if (semanticEqual(oldSpec, newSpec)) return;
    anns[LAST_MODIFIER_ANNOTATION] = ctx.username;
  }
  meta.annotations = anns;
}

/** Service defaults: template, 100% latestRevision traffic when none, creator/lastModifier. */
export function setServiceDefaults(svc: Service, old: Service | undefined, ctx: DefaultingContext): void {
  svc.spec ??= { template: { spec: {} } };
  svc.spec.template ??= { spec: {} };
  setTemplateDefaults(svc.spec.template, svc.metadata, ctx);
  if (!svc.spec.traffic || svc.spec.traffic.length === 0) {
    svc.spec.traffic = [{ latestRevision: true, percent: 100 }];
  }
  svc.spec.traffic.forEach(setTrafficTargetDefaults);
  setUserInfo(svc.metadata, old?.spec, svc.spec, ctx);
}

/** Configuration defaults: template; user info only when not owned by a Service. */
export function setConfigurationDefaults(cfg: Configuration, old: Configuration | undefined, ctx: DefaultingContext): void {
  cfg.spec ??= { template: { spec: {} } };
  cfg.spec.template ??= { spec: {} };
  setTemplateDefaults(cfg.spec.template, cfg.metadata, ctx);
  if (!cfg.metadata.labels?.[SERVICE_LABEL]) setUserInfo(cfg.metadata, old?.spec, cfg.spec, ctx);
}

/** Route defaults: each target's latestRevision/percent (no 100% default for a bare Route). */
export function setRouteDefaults(route: Route, old: Route | undefined, ctx: DefaultingContext): void {
  route.spec ??= {};
  (route.spec.traffic ?? []).forEach(setTrafficTargetDefaults);
  if (!route.metadata.labels?.[SERVICE_LABEL]) setUserInfo(route.metadata, old?.spec, route.spec, ctx);
}

/** Revision defaults: its spec, named after the owning Configuration when labelled. */
export function setRevisionDefaults(rev: Revision, ctx: DefaultingContext): void {
  rev.spec ??= {};
  setRevisionSpecDefaults(rev.spec, rev.metadata.name ?? '', ctx);
}
