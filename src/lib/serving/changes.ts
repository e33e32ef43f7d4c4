// Named mutations of a Knative Service behind kn's edit flags, and applyEditFlags which applies only
// the flags given (knative/client ConfigurationEditFlags.Apply). Pure: clock and randomness come in.
import type { Revision, RevisionTemplateSpec, Service } from './types.js';
import { AUTOSCALING_PREFIX, VISIBILITY_CLUSTER_LOCAL, VISIBILITY_LABEL } from './labels.js';
import {
  INITIAL_SCALE_ANNOTATION,
  MAX_SCALE_ANNOTATION,
  METRIC_ANNOTATION,
  MIN_SCALE_ANNOTATION,
  ACTIVATION_SCALE_ANNOTATION,
  TARGET_ANNOTATION,
  TARGET_UTILIZATION_ANNOTATION,
  WINDOW_ANNOTATION,
  validateAutoscalingAnnotation,
} from './cli/autoscaling.js';
import { anyRevisionMutation, type EditFlags } from './cli/edit-flags.js';
import { updateEnvFrom, updateEnvVars, type EnvArg } from './cli/env.js';
import { parseGoDurationStrict } from './cli/go-duration.js';
import { mapFromArgsAllowingSingles, parseGoInt, takeMinusSuffixed } from './cli/parse.js';
import * as pod from './cli/podspec.js';
import { withProbeHandler, withProbeOptions } from './cli/probes.js';
import { generateRevisionName, mathRandomInt, type RandomInt } from './cli/revision-name.js';
import { updateVolumeMountsAndVolumes } from './cli/volumes.js';

export const USER_IMAGE_ANNOTATION = 'client.knative.dev/user-image';
export const UPDATE_TIMESTAMP_ANNOTATION = 'client.knative.dev/updateTimestamp';

/** A kn profile: annotations for the revision template, labels for the Service. */
export interface Profile {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

/** kn's built-in profiles (config-file profiles are merged in by the caller). */
export const BUILTIN_PROFILES: Readonly<Record<string, Profile>> = {
  istio: {
    annotations: {
      'sidecar.istio.io/inject': 'true',
      'sidecar.istio.io/rewriteAppHTTPProbers': 'true',
      'serving.knative.openshift.io/enablePassthrough': 'true',
    },
  },
};

/** Everything applyEditFlags needs besides the flags. */
export interface EditContext {
  /** `apply` never writes the update timestamp and ignores --revision-name. */
  verb: 'create' | 'update' | 'apply';
  /** The revision the edit starts from (update only): its image digest pins the image. */
  baseRevision?: Revision;
  now?: () => Date;
  randomInt?: RandomInt;
  profiles?: Readonly<Record<string, Profile>>;
}

/** Result of applyEditFlags: the edited copy and whether the template changed (kn's AnyMutation). */
export interface EditResult {
  service: Service;
  makesRevision: boolean;
}

function annotationsOf(template: RevisionTemplateSpec): Record<string, string> {
  template.metadata ??= {};
  template.metadata.annotations ??= {};
  return template.metadata.annotations;
}

/** Sets one revision-template annotation after validating autoscaling values. */
export function updateRevisionTemplateAnnotation(template: RevisionTemplateSpec, key: string, value: string): void {
  validateAutoscalingAnnotation(key, value);
  annotationsOf(template)[key] = value;
}

/** Sets and removes revision-template annotations (autoscaling values validated, min <= max checked). */
export function updateRevisionTemplateAnnotations(
  template: RevisionTemplateSpec,
  set: ReadonlyMap<string, string>,
  remove: readonly string[],
): void {
  for (const [k, v] of set) validateAutoscalingAnnotation(k, v);
  const min = set.get(MIN_SCALE_ANNOTATION);
  const max = set.get(MAX_SCALE_ANNOTATION);
  if (min !== undefined && max !== undefined && Number(max) !== 0 && Number(max) < Number(min)) {
    throw new Error(`max-scale=${Number(max)} is less than min-scale=${Number(min)}: ${MAX_SCALE_ANNOTATION}, ${MIN_SCALE_ANNOTATION}`);
  }
  const annotations = annotationsOf(template);
  for (const [k, v] of set) annotations[k] = v;
  for (const k of remove) delete annotations[k];
  template.metadata!.annotations = nonEmpty(annotations);
}

/** Sets and removes Service annotations. */
export function updateServiceAnnotations(service: Service, set: ReadonlyMap<string, string>, remove: readonly string[]): void {
  const annotations = { ...(service.metadata.annotations ?? {}) };
  for (const [k, v] of set) annotations[k] = v;
  for (const k of remove) delete annotations[k];
  service.metadata.annotations = nonEmpty(annotations);
}

/** Returns labels with `set` added and `remove` deleted (a new map; the input may be undefined). */
export function updateLabels(
  labels: Record<string, string> | undefined,
  set: ReadonlyMap<string, string>,
  remove: readonly string[],
): Record<string, string> {
  const out = { ...(labels ?? {}) };
  for (const [k, v] of set) out[k] = v;
  for (const k of remove) delete out[k];
  return out;
}

// Go drops empty maps on the wire (omitempty); so do we, to send the same object.
function nonEmpty(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined;
}

/** Sets autoscaling.knative.dev/min-scale. */
export function updateMinScale(template: RevisionTemplateSpec, min: number): void {
  updateRevisionTemplateAnnotation(template, MIN_SCALE_ANNOTATION, String(min));
}

/** Sets autoscaling.knative.dev/max-scale. */
export function updateMaxScale(template: RevisionTemplateSpec, max: number): void {
  updateRevisionTemplateAnnotation(template, MAX_SCALE_ANNOTATION, String(max));
}

/** Applies --scale: `N` (min = max = N), `A..B`, `A..` or `..B`. */
export function updateScale(template: RevisionTemplateSpec, spec: string): void {
  if (spec.includes('..')) {
    const [lo, hi] = spec.split('..');
    if (lo !== '') updateMinScale(template, atoi(lo));
    if (hi !== '') updateMaxScale(template, atoi(hi));
    return;
  }
  const n = parseGoInt(spec);
  if (n === undefined) throw new Error('Scale must be of the format x..y or x');
  updateMaxScale(template, n);
  updateMinScale(template, n);
}

// strconv.Atoi's error text, as kn returns it unwrapped for the parts of --scale A..B.
function atoi(text: string): number {
  const n = parseGoInt(text);
  if (n === undefined) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return n;
}

/** Sets autoscaling.knative.dev/window after checking it is a Go duration. */
export function updateScaleWindow(template: RevisionTemplateSpec, window: string): void {
  try {
    parseGoDurationStrict(window);
  } catch (e) {
    throw new Error(`invalid duration for 'scale-window': ${(e as Error).message}`);
  }
  updateRevisionTemplateAnnotation(template, WINDOW_ANNOTATION, window);
}

/** Sets autoscaling.knative.dev/target. */
export function updateScaleTarget(template: RevisionTemplateSpec, target: number): void {
  updateRevisionTemplateAnnotation(template, TARGET_ANNOTATION, String(target));
}

/** Sets autoscaling.knative.dev/target-utilization-percentage. */
export function updateScaleUtilization(template: RevisionTemplateSpec, percent: number): void {
  updateRevisionTemplateAnnotation(template, TARGET_UTILIZATION_ANNOTATION, String(percent));
}

/** Sets autoscaling.knative.dev/metric (not validated client-side, as upstream). */
export function updateScaleMetric(template: RevisionTemplateSpec, metric: string): void {
  annotationsOf(template)[METRIC_ANNOTATION] = metric;
}

/** Sets autoscaling.knative.dev/activation-scale (not validated client-side, as upstream). */
export function updateScaleActivation(template: RevisionTemplateSpec, n: number): void {
  annotationsOf(template)[ACTIVATION_SCALE_ANNOTATION] = String(n);
}

/** Sets autoscaling.knative.dev/initial-scale. */
export function updateScaleInit(template: RevisionTemplateSpec, n: number): void {
  updateRevisionTemplateAnnotation(template, INITIAL_SCALE_ANNOTATION, String(n));
}

/** Sets spec.containerConcurrency (the hard limit). */
export function updateConcurrencyLimit(template: RevisionTemplateSpec, limit: number): void {
  if (limit < 0) throw new Error(`invalid concurrency-limit ${limit} (must not be less than 0)`);
  template.spec.containerConcurrency = limit;
}

/** Sets spec.timeoutSeconds. */
export function updateTimeout(template: RevisionTemplateSpec, seconds: number): void {
  template.spec.timeoutSeconds = seconds;
}

/** Writes client.knative.dev/updateTimestamp (RFC 3339, seconds, UTC) so the template always changes. */
export function updateTimestampAnnotation(template: RevisionTemplateSpec, now: Date): void {
  annotationsOf(template)[UPDATE_TIMESTAMP_ANNOTATION] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Records the image as the user gave it, unless the image is a digest (then the old record stays). */
export function updateUserImageAnnotation(template: RevisionTemplateSpec): void {
  const annotations = annotationsOf(template);
  let image = pod.userContainer(template.spec).image ?? '';
  if (image.includes('@') && USER_IMAGE_ANNOTATION in annotations) image = annotations[USER_IMAGE_ANNOTATION];
  annotations[USER_IMAGE_ANNOTATION] = image;
}

/** Removes client.knative.dev/user-image. */
export function unsetUserImageAnnotation(template: RevisionTemplateSpec): void {
  if (!template.metadata?.annotations) return;
  delete template.metadata.annotations[USER_IMAGE_ANNOTATION];
  template.metadata.annotations = nonEmpty(template.metadata.annotations);
}

/** Replaces the image by the digest the base revision resolved, so an unrelated update keeps the code. */
export function pinImageToDigest(template: RevisionTemplateSpec, base: Revision | undefined): void {
  if (!base) return;
  const current = pod.userContainer(template.spec);
  const baseImage = base.spec.containers?.[0]?.image;
  if (!baseImage) return;
  if (current.image !== baseImage) {
    throw new Error('could not freeze image to digest since current revision contains unexpected image');
  }
  const digest = base.status?.containerStatuses?.[0]?.imageDigest;
  if (digest) current.image = digest;
}

/** Adds (true) or removes (false) the cluster-local visibility label on the Service. */
export function updateClusterLocal(service: Service, clusterLocal: boolean): void {
  service.metadata.labels = nonEmpty(
    clusterLocal
      ? updateLabels(service.metadata.labels, new Map([[VISIBILITY_LABEL, VISIBILITY_CLUSTER_LOCAL]]), [])
      : updateLabels(service.metadata.labels, new Map(), [VISIBILITY_LABEL]),
  );
}

/** Applies env arguments to the user container. */
export function updateEnv(template: RevisionTemplateSpec, args: readonly EnvArg[]): void {
  updateEnvVars(pod.userContainer(template.spec), args);
}

/** Adds (`name`) or removes (`name-`) a profile's annotations and labels. */
export function applyProfile(service: Service, value: string, profiles: Readonly<Record<string, Profile>>): void {
  const remove = value.endsWith('-');
  const name = remove ? value.slice(0, -1) : value;
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  const annotations = profile?.annotations ?? {};
  const labels = profile?.labels ?? {};
  if (Object.keys(annotations).length === 0 && Object.keys(labels).length === 0) {
    throw new Error(`profile ${name} doesn't exist`);
  }
  const template = service.spec.template;
  if (remove) {
    updateRevisionTemplateAnnotations(template, new Map(), Object.keys(annotations));
    service.metadata.labels = nonEmpty(updateLabels(service.metadata.labels, new Map(), Object.keys(labels)));
  } else {
    updateRevisionTemplateAnnotations(template, new Map(Object.entries(annotations)), []);
    service.metadata.labels = nonEmpty(updateLabels(service.metadata.labels, new Map(Object.entries(labels)), []));
  }
}

/** Applies --label / --label-service / --label-revision (scope-specific values win). */
export function applyLabelFlags(service: Service, flags: Pick<EditFlags, 'label' | 'labelService' | 'labelRevision'>): void {
  const all = wrap('--label', () => mapFromArgsAllowingSingles(flags.label ?? []));
  const scoped = (current: Record<string, string> | undefined, args: string[] | undefined, flag: string) =>
    wrap(flag, () => {
      const own = wrap('Unable to parse label flags', () => mapFromArgsAllowingSingles(args ?? []), false);
      const merged = new Map([...all, ...own]);
      const remove = takeMinusSuffixed(merged);
      return nonEmpty(updateLabels(current, merged, remove));
    });
  service.metadata.labels = scoped(service.metadata.labels, flags.labelService, '--label-service');
  const template = service.spec.template;
  template.metadata ??= {};
  template.metadata.labels = scoped(template.metadata.labels, flags.labelRevision, '--label-revision');
}

/** Applies --annotation / --annotation-service / --annotation-revision. */
export function applyAnnotationFlags(
  service: Service,
  flags: Pick<EditFlags, 'annotation' | 'annotationService' | 'annotationRevision'>,
): void {
  const all = wrap('--annotation', () => mapFromArgsAllowingSingles(flags.annotation ?? []));
  const revisionOwn = wrap('--annotation-revision', () => mapFromArgsAllowingSingles(flags.annotationRevision ?? []));
  const serviceOwn = wrap('--annotation-service', () => mapFromArgsAllowingSingles(flags.annotationService ?? []));
  const remove = takeMinusSuffixed(all);
  const revisionRemove = [...remove, ...takeMinusSuffixed(revisionOwn)];
  const serviceRemove = [...remove, ...takeMinusSuffixed(serviceOwn)];

  updateRevisionTemplateAnnotations(service.spec.template, new Map([...all, ...revisionOwn]), revisionRemove);

  // Autoscaling annotations belong on the template only; Serving rejects them on the Service.
  const serviceSet = new Map([...all].filter(([k]) => !k.startsWith(AUTOSCALING_PREFIX.slice(0, -1))));
  for (const [k, v] of serviceOwn) {
    if (k.startsWith(AUTOSCALING_PREFIX.slice(0, -1))) {
      throw new Error(`service can not have auto-scaling related annotation: ${k} , please update using '--annotation-revision'`);
    }
    serviceSet.set(k, v);
  }
  updateServiceAnnotations(service, serviceSet, serviceRemove);
}

function wrap<T>(label: string, f: () => T, invalidPrefix = true): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`${invalidPrefix ? 'Invalid ' : ''}${label}: ${(e as Error).message}`);
  }
}

function applyPodSpecFlags(template: RevisionTemplateSpec, flags: EditFlags): void {
  const spec = template.spec;
  const c = pod.userContainer(spec);
  if (flags.envArgs) updateEnvVars(c, flags.envArgs);
  if (flags.envFrom) updateEnvFrom(c, flags.envFrom);
  if (flags.mount || flags.volume) updateVolumeMountsAndVolumes(spec, c, flags.mount ?? [], flags.volume ?? []);
  if (flags.image !== undefined) pod.updateImage(c, flags.image);
  if (flags.pullPolicy !== undefined) pod.updateImagePullPolicy(c, flags.pullPolicy);
  // Upstream always runs the resources step, which leaves `resources: {}` on the container.
  pod.updateResources(c, flags.request ?? [], flags.limit ?? []);
  if (flags.cmd) pod.updateContainerCommand(c, flags.cmd);
  if (flags.arg) pod.updateContainerArgs(c, flags.arg);
  if (flags.port !== undefined) pod.updateContainerPort(c, flags.port);
  if (flags.serviceAccount !== undefined) pod.updateServiceAccountName(spec, flags.serviceAccount);
  if (flags.pullSecret !== undefined) pod.updateImagePullSecrets(spec, flags.pullSecret);
  if (flags.user !== undefined) pod.updateUser(c, flags.user);
  if (flags.containers !== undefined) pod.updateContainers(spec, flags.containers);
  if (flags.probeLiveness !== undefined) c.livenessProbe = withProbeHandler(c.livenessProbe, flags.probeLiveness);
  if (flags.probeLivenessOpts !== undefined) c.livenessProbe = withProbeOptions(c.livenessProbe, flags.probeLivenessOpts);
  if (flags.probeReadiness !== undefined) c.readinessProbe = withProbeHandler(c.readinessProbe, flags.probeReadiness);
  if (flags.probeReadinessOpts !== undefined) c.readinessProbe = withProbeOptions(c.readinessProbe, flags.probeReadinessOpts);
  if (flags.securityContext !== undefined) pod.updateSecurityContext(c, flags.securityContext);
  if (flags.toleration) {
    try {
      pod.addToleration(spec, flags.toleration);
    } catch (e) {
      throw new Error(`Invalid --toleration: ${(e as Error).message}`);
    }
  }
  if (flags.nodeAffinity) {
    try {
      pod.addNodeAffinity(spec, flags.nodeAffinity);
    } catch (e) {
      throw new Error(`Invalid --node-affinity: ${(e as Error).message}`);
    }
  }
  if (flags.nodeSelector) {
    try {
      pod.updateNodeSelector(spec, flags.nodeSelector);
    } catch (e) {
      throw new Error(`Invalid --node-selector: ${(e as Error).message}`);
    }
  }
}

function applyScaleFlags(template: RevisionTemplateSpec, flags: EditFlags): void {
  if (flags.scaleMin !== undefined) updateMinScale(template, flags.scaleMin);
  if (flags.scaleMax !== undefined) updateMaxScale(template, flags.scaleMax);
  if (flags.scale !== undefined) {
    if (flags.scaleMax !== undefined) throw new Error('only --scale or --scale-max can be specified');
    if (flags.scaleMin !== undefined) throw new Error('only --scale or --scale-min can be specified');
    updateScale(template, flags.scale);
  }
  if (flags.scaleWindow !== undefined) updateScaleWindow(template, flags.scaleWindow);
  if (flags.scaleTarget !== undefined) updateScaleTarget(template, flags.scaleTarget);
  if (flags.scaleMetric !== undefined) updateScaleMetric(template, flags.scaleMetric);
  if (flags.scaleActivation !== undefined) updateScaleActivation(template, flags.scaleActivation);
  if (flags.concurrencyLimit !== undefined) updateConcurrencyLimit(template, flags.concurrencyLimit);
  if (flags.scaleUtilization !== undefined) updateScaleUtilization(template, flags.scaleUtilization);
}

/**
 * Applies the given edit flags to a copy of `service`, in upstream's order, touching only what the
 * flags name. Throws with kn's message on invalid input; the input object is never modified.
 */
export function applyEditFlags(input: Service, flags: EditFlags, ctx: EditContext): EditResult {
  const service = structuredClone(input);
  const template = service.spec.template;
  template.metadata ??= {};
  const makesRevision = anyRevisionMutation(flags);
  const now = ctx.now ?? (() => new Date());

  applyPodSpecFlags(template, flags);

  if (ctx.verb !== 'apply') {
    const name = flags.revisionName
      ? generateRevisionName(flags.revisionName, service.metadata.name ?? '', service.metadata.generation ?? 0, ctx.randomInt ?? mathRandomInt)
      : '';
    // As kn: every revision-making edit sets the template name, to none when --revision-name is not
    // given (the server names the revision), so an earlier name is never reused for a new template.
    if (makesRevision) {
      if (name) template.metadata.name = name;
      else delete template.metadata.name;
    }
  }

  if (makesRevision && ctx.verb !== 'apply') updateTimestampAnnotation(template, now());

  const lockToDigest = flags.lockToDigest ?? true;
  const userImageRecorded = template.metadata.annotations?.[USER_IMAGE_ANNOTATION] !== undefined;
  if ((userImageRecorded || flags.lockToDigest !== undefined) && lockToDigest && makesRevision) {
    updateUserImageAnnotation(template);
    // A new --image is resolved afresh by the server; otherwise keep the base revision's digest.
    if (flags.image === undefined || ctx.verb === 'apply') pinImageToDigest(template, ctx.baseRevision);
  }
  if (!lockToDigest) unsetUserImageAnnotation(template);

  applyScaleFlags(template, flags);

  if (flags.clusterLocal !== undefined) updateClusterLocal(service, flags.clusterLocal);
  if (flags.label || flags.labelService || flags.labelRevision) applyLabelFlags(service, flags);
  if (flags.annotation || flags.annotationService || flags.annotationRevision) applyAnnotationFlags(service, flags);

  if (flags.scaleInit !== undefined) {
    if (flags.annotation?.some((a) => a.includes(INITIAL_SCALE_ANNOTATION))) {
      throw new Error(`only one of the --scale-init or --annotation ${INITIAL_SCALE_ANNOTATION} can be specified`);
    }
    updateScaleInit(template, flags.scaleInit);
  }
  if (flags.timeout !== undefined) updateTimeout(template, flags.timeout);
  if (flags.profile !== undefined) applyProfile(service, flags.profile, { ...BUILTIN_PROFILES, ...(ctx.profiles ?? {}) });

  return { service, makesRevision };
}
