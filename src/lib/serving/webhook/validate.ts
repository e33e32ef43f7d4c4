// Validation (upstream Validate) for Service, Configuration, Revision and Route, producing
// FieldErrors with full paths (`spec.template.spec.containers[0].image`).
import type { ServingConfig } from '../config.js';
import { parseGoDuration } from '../duration.js';
import {
  CONFIGURATION_LABEL,
  CREATOR_ANNOTATION,
  LAST_MODIFIER_ANNOTATION,
  PROGRESS_DEADLINE_ANNOTATION,
  ROLLOUT_DURATION_ANNOTATION,
  SERVICE_LABEL,
  VISIBILITY_CLUSTER_LOCAL,
  VISIBILITY_LABEL,
} from '../labels.js';
import type {
  Configuration,
  ObjectMeta,
  OwnerReference,
  Revision,
  RevisionTemplateSpec,
  Route,
  Service,
} from '../types.js';
import { validateAutoscalingAnnotations } from '../autoscaler/annotation-validation.js';
import { isAutoscalingAnnotation } from '../autoscaler/annotations.js';
import { semanticEqual, shortDiff } from './diff.js';
import { goList, nameIsDNS1035Label } from './dns.js';
import {
  errDisallowedFields,
  errGeneric,
  errImmutableField,
  errInvalidKeyName,
  errInvalidValue,
  errMissingField,
  viaField,
  type FieldErrors,
} from './field-error.js';
import { validateRevisionSpec } from './revision-spec.js';
import { validateTrafficList } from './traffic.js';

/** Autoscaling annotations on Service/Configuration/Route metadata are rejected (paths relative to annotations). */
function validateNoAutoscalingAnnotations(anns: Readonly<Record<string, string>> | undefined): FieldErrors {
  return Object.keys(anns ?? {})
    .filter(isAutoscalingAnnotation)
    .map((k) =>
      errInvalidKeyName(k, '', 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work'),
    );
}

/** knative/pkg ValidateObjectMetadata: name / generateName rules (paths relative to metadata). */
export function validateObjectName(meta: ObjectMeta): FieldErrors {
  if (meta.generateName) {
    const msgs = nameIsDNS1035Label(meta.generateName, true);
    if (msgs.length) return [errGeneric(`not a DNS 1035 label prefix: ${goList(msgs)}`, ['generateName'])];
  }
  if (meta.name) {
    const msgs = nameIsDNS1035Label(meta.name, false);
    if (msgs.length) return [errGeneric(`not a DNS 1035 label: ${goList(msgs)}`, ['name'])];
  }
  if (!meta.generateName && !meta.name) return [errGeneric('name or generateName is required', ['name'])];
  return [];
}

/** `serving.knative.dev/rollout-duration`: a non-negative Go duration at second precision. */
function validateRolloutDuration(anns: Readonly<Record<string, string>> | undefined): FieldErrors {
  const v = anns?.[ROLLOUT_DURATION_ANNOTATION];
  if (v === undefined) return [];
  const ms = parseGoDuration(v);
  if (ms === undefined) return [errInvalidValue(v, ROLLOUT_DURATION_ANNOTATION)];
  if (ms % 1000 !== 0) return [errGeneric(`rollout-duration=${v} is not at second precision`, [ROLLOUT_DURATION_ANNOTATION])];
  if (ms < 0) return [errGeneric(`rollout-duration=${v} must be non-negative`, [ROLLOUT_DURATION_ANNOTATION])];
  return [];
}

/** `serving.knative.dev/progress-deadline` on a template: positive whole seconds. */
function validateProgressDeadline(anns: Readonly<Record<string, string>> | undefined): FieldErrors {
  const v = anns?.[PROGRESS_DEADLINE_ANNOTATION];
  if (v === undefined) return [];
  const ms = parseGoDuration(v);
  if (ms === undefined || ms <= 0 || ms % 1000 !== 0) return [errInvalidValue(v, PROGRESS_DEADLINE_ANNOTATION)];
  return [];
}

/** A serving label naming an owner is only valid with a matching ownerReference. */
function validateOwnerLabel(meta: ObjectMeta, label: string, kind: string): FieldErrors {
  const val = meta.labels?.[label];
  if (val === undefined) return [];
  const owned = (meta.ownerReferences ?? []).some((r: OwnerReference) => r.kind === kind && r.name === val);
  return owned ? [] : [errMissingField(`labels.${label}`)];
}

/** The visibility label, when set on a Service or Route, can only say cluster-local. */
function validateVisibilityLabel(meta: ObjectMeta): FieldErrors {
  const v = meta.labels?.[VISIBILITY_LABEL];
  return v === undefined || v === VISIBILITY_CLUSTER_LOCAL ? [] : [errInvalidValue(v, `labels.${VISIBILITY_LABEL}`)];
}

/** Metadata checks shared by Service, Configuration and Route (paths under `metadata`). */
function validateTopLevelMetadata(meta: ObjectMeta, ownerLabel?: [string, string], visibility = false): FieldErrors {
  const errs = [
    ...validateObjectName(meta),
    ...viaField(validateNoAutoscalingAnnotations(meta.annotations), 'annotations'),
    ...viaField(validateRolloutDuration(meta.annotations), 'annotations'),
  ];
  if (ownerLabel) errs.push(...validateOwnerLabel(meta, ownerLabel[0], ownerLabel[1]));
  if (visibility) errs.push(...validateVisibilityLabel(meta));
  return viaField(errs, 'metadata');
}

/** BYO revision name rules (paths relative to the template). */
function validateTemplateName(tmpl: RevisionTemplateSpec, parent: ObjectMeta): FieldErrors {
  const meta = tmpl.metadata ?? {};
  if (meta.generateName) {
    const msgs = nameIsDNS1035Label(meta.generateName, true);
    if (msgs.length) return [errInvalidValue(`not a DNS 1035 label prefix: ${goList(msgs)}`, 'metadata.generateName')];
  }
  if (!meta.name) return [];
  const msgs = nameIsDNS1035Label(meta.name, false);
  if (msgs.length) return [errInvalidValue(`not a DNS 1035 label: ${goList(msgs)}`, 'metadata.name')];
  // A generated parent name is unknown at creation, so a prefix cannot be checked.
  if (!parent.name && parent.generateName) return [errDisallowedFields('metadata.name')];
  const prefix = `${parent.name ?? ''}-`;
  if (!meta.name.startsWith(prefix)) {
    return [errInvalidValue(`${JSON.stringify(meta.name)} must have prefix ${JSON.stringify(prefix)}`, 'metadata.name')];
  }
  return [];
}

/** Revision template: spec, annotations and BYO name (paths relative to the template). */
function validateTemplate(tmpl: RevisionTemplateSpec, parent: ObjectMeta, cfg: ServingConfig): FieldErrors {
  const anns = tmpl.metadata?.annotations;
  return [
    ...viaField(validateRevisionSpec(tmpl.spec ?? {}, cfg), 'spec'),
    ...viaField(validateAutoscalingAnnotations(anns, cfg.autoscaler), 'metadata.annotations'),
    ...viaField(validateProgressDeadline(anns), 'metadata.annotations'),
    ...validateTemplateName(tmpl, parent),
  ];
}

/** On update, a BYO template name must change whenever the template does. */
function verifyNameChange(tmpl: RevisionTemplateSpec, old: RevisionTemplateSpec | undefined): FieldErrors {
  const name = tmpl.metadata?.name;
  if (!name || !old || name !== old.metadata?.name) return [];
  const diff = shortDiff(old, tmpl);
  if (diff === '') return [];
  return [errGeneric('Saw the following changes without a name change (-old +new)', ['metadata.name'], diff)];
}

/** The creator annotation never changes; lastModifier only with a spec change (paths under annotations). */
function validateCreatorAndModifier(
  oldSpec: unknown,
  newSpec: unknown,
  oldMeta: ObjectMeta,
  newMeta: ObjectMeta,
): FieldErrors {
  const errs: FieldErrors = [];
  const o = oldMeta.annotations ?? {};
  const n = newMeta.annotations ?? {};
  if (o[CREATOR_ANNOTATION] !== n[CREATOR_ANNOTATION]) {
    errs.push(errGeneric('annotation value is immutable', [CREATOR_ANNOTATION]));
  }
  if (semanticEqual(oldSpec, newSpec) && o[LAST_MODIFIER_ANNOTATION] !== n[LAST_MODIFIER_ANNOTATION]) {
    errs.push(errGeneric('annotation value is immutable', [LAST_MODIFIER_ANNOTATION]));
  }
  return viaField(errs, 'metadata.annotations');
}

/** Validates a Service (and, on update, its changes against `old`). */
export function validateService(svc: Service, old: Service | undefined, cfg: ServingConfig): FieldErrors {
  const errs = validateTopLevelMetadata(svc.metadata, undefined, true);
  errs.push(...viaField(validateTemplate(svc.spec.template, svc.metadata, cfg), 'spec.template'));
  errs.push(...viaField(validateTrafficList(svc.spec.traffic, true), 'spec.traffic'));
  if (old) {
    errs.push(...validateCreatorAndModifier(old.spec, svc.spec, old.metadata, svc.metadata));
    errs.push(...viaField(verifyNameChange(svc.spec.template, old.spec.template), 'spec.template'));
  }
  return errs;
}

/** Validates a Configuration. */
export function validateConfiguration(c: Configuration, old: Configuration | undefined, cfg: ServingConfig): FieldErrors {
  const errs = validateTopLevelMetadata(c.metadata, [SERVICE_LABEL, 'Service']);
  errs.push(...viaField(validateTemplate(c.spec.template, c.metadata, cfg), 'spec.template'));
  if (old) {
    errs.push(...validateCreatorAndModifier(old.spec, c.spec, old.metadata, c.metadata));
    errs.push(...viaField(verifyNameChange(c.spec.template, old.spec.template), 'spec.template'));
  }
  return errs;
}

/** Validates a Route (a bare Route must list its traffic explicitly). */
export function validateRoute(r: Route, old: Route | undefined): FieldErrors {
  const errs = validateTopLevelMetadata(r.metadata, [SERVICE_LABEL, 'Service'], true);
  errs.push(...viaField(validateTrafficList(r.spec?.traffic, false), 'spec.traffic'));
  if (old) errs.push(...validateCreatorAndModifier(old.spec, r.spec, old.metadata, r.metadata));
  return errs;
}

/** Validates a Revision; its spec is immutable after creation. */
export function validateRevision(rev: Revision, old: Revision | undefined, cfg: ServingConfig): FieldErrors {
  const metaErrs = [
    ...validateObjectName(rev.metadata),
    ...viaField(validateAutoscalingAnnotations(rev.metadata.annotations, cfg.autoscaler), 'annotations'),
    ...viaField(validateProgressDeadline(rev.metadata.annotations), 'annotations'),
    ...validateOwnerLabel(rev.metadata, CONFIGURATION_LABEL, 'Configuration'),
  ];
  const errs = viaField(metaErrs, 'metadata');
  if (!old) return [...errs, ...viaField(validateRevisionSpec(rev.spec ?? {}, cfg), 'spec')];
  // An existing spec is not re-validated: config changes must not block label updates.
  const diff = shortDiff(old.spec, rev.spec);
  return diff === '' ? errs : [errImmutableField('spec', diff)];
}
