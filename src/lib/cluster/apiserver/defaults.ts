// Kind-specific defaulting and validation of the built-in kinds (what kube's per-type strategies do),
// limited to fields our controllers and kubectl rely on.
import type { FieldError } from './errors.js';
import { labelSelectorFromObject, matchLabels } from './selectors.js';

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** HTTPGetAction defaults (path and scheme); kubectl describe prints the probe URL from them. */
function defaultHttpGet(h: unknown): void {
  if (!isObj(h)) return;
  h.path ??= '/';
  h.scheme ??= 'HTTP';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  defaultHttpGet(p.httpGet);
}

function defaultContainers(list: unknown): void {
  for (const c of arr(list)) {
    if (!c || typeof c !== 'object') continue;
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    if (!c.imagePullPolicy) {
      const image = String(c.image ?? '');
      const tag = image.includes('@') ? 'digest' : (image.split('/').pop() ?? '').split(':')[1];
      c.imagePullPolicy = !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
    }
    for (const p of arr(c.ports)) if (isObj(p)) p.protocol ??= 'TCP';
    // Downward-API env: the field selector's apiVersion defaults to v1 (describe shows "(v1:status.podIP)").
    for (const e of arr(c.env)) if (isObj(e) && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) e.valueFrom.fieldRef.apiVersion ??= 'v1';
    defaultProbe(c.livenessProbe);
    defaultProbe(c.readinessProbe);
    defaultProbe(c.startupProbe);
    if (isObj(c.lifecycle)) for (const h of [c.lifecycle.preStop, c.lifecycle.postStart]) if (isObj(h)) defaultHttpGet(h.httpGet);
  }
}

/** PodSpec defaults (used by Pod and by every pod template). */
export function defaultPodSpec(spec: any): void {
  if (!isObj(spec)) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  defaultContainers(spec.containers);
  defaultContainers(spec.initContainers);
}

/** Applies create-time defaults for a built-in kind (no-op for others; malformed specs are left to validation). */
export function applyDefaults(group: string, kind: string, obj: any): void {
  const key = `${group}/${kind}`;
  if (obj.spec !== undefined && !isObj(obj.spec)) return;
  switch (key) {
    case '/Namespace':
      obj.spec ??= {};
      obj.spec.finalizers ??= ['kubernetes'];
      obj.status = { phase: 'Active' };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      break;
    case '/Pod':
      defaultPodSpec((obj.spec ??= {}));
      obj.spec.enableServiceLinks ??= true;
      break;
    case '/Service':
      obj.spec ??= {};
      obj.spec.type ??= 'ClusterIP';
      obj.spec.sessionAffinity ??= 'None';
      for (const p of arr(obj.spec.ports)) {
        if (!isObj(p)) continue;
        p.protocol ??= 'TCP';
        if (p.targetPort === undefined && obj.spec.type !== 'ExternalName') p.targetPort = p.port;
      }
      break;
    case '/Secret':
      if (!obj.type) obj.type = 'Opaque';
      break;
    case 'apps/Deployment':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      obj.spec.revisionHistoryLimit ??= 10;
      obj.spec.progressDeadlineSeconds ??= 600;
      obj.spec.strategy ??= { type: 'RollingUpdate' };
      if (isObj(obj.spec.strategy) && obj.spec.strategy.type === 'RollingUpdate') obj.spec.strategy.rollingUpdate ??= { maxUnavailable: '25%', maxSurge: '25%' };
      defaultPodSpec(obj.spec.template?.spec);
      break;
    case 'apps/ReplicaSet':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      defaultPodSpec(obj.spec.template?.spec);
      break;
  }
}

function selectorMatchesTemplate(kind: string, spec: any): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec?.selector || (Object.keys(spec.selector.matchLabels ?? {}).length === 0 && (spec.selector.matchExpressions ?? []).length === 0)) {
    errs.push({ type: 'FieldValueRequired', field: 'spec.selector', detail: '' });
    return errs;
  }
  const labels = spec.template?.metadata?.labels ?? {};
  if (!matchLabels(labelSelectorFromObject(spec.selector), labels)) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', value: labels, detail: '`selector` does not match template `labels`' });
  }
  if (!Array.isArray(spec.template?.spec?.containers) || spec.template.spec.containers.length === 0)
    errs.push({ type: 'FieldValueRequired', field: 'spec.template.spec.containers', detail: '' });
  void kind;
  return errs;
}

/** Kind-specific validation of a built-in kind (empty list = valid). */
export function validateKind(group: string, kind: string, obj: any, old: any | undefined): FieldError[] {
  if (obj.spec !== undefined && !isObj(obj.spec) && ['apps/Deployment', 'apps/ReplicaSet', '/Pod', '/Service'].includes(`${group}/${kind}`))
    return [{ type: 'FieldValueInvalid', field: 'spec', value: obj.spec, detail: 'must be an object' }];
  switch (`${group}/${kind}`) {
    case 'apps/Deployment':
    case 'apps/ReplicaSet': {
      const errs = selectorMatchesTemplate(kind, obj.spec);
      if (old && JSON.stringify(old.spec?.selector) !== JSON.stringify(obj.spec?.selector))
        errs.push({ type: 'FieldValueInvalid', field: 'spec.selector', value: obj.spec?.selector, detail: 'field is immutable' });
      if (typeof obj.spec?.replicas === 'number' && obj.spec.replicas < 0)
        errs.push({ type: 'FieldValueInvalid', field: 'spec.replicas', value: obj.spec.replicas, detail: 'must be greater than or equal to 0' });
      return errs;
    }
    case '/Pod': {
      const errs: FieldError[] = [];
      const cs = obj.spec?.containers;
      if (!Array.isArray(cs) || cs.length === 0) errs.push({ type: 'FieldValueRequired', field: 'spec.containers', detail: '' });
      else
        cs.forEach((c: any, i: number) => {
          if (!c?.name) errs.push({ type: 'FieldValueRequired', field: `spec.containers[${i}].name`, detail: '' });
          if (!c?.image) errs.push({ type: 'FieldValueRequired', field: `spec.containers[${i}].image`, detail: '' });
        });
      return errs;
    }
    case '/Service': {
      const errs: FieldError[] = [];
      const type = obj.spec?.type;
      if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
        errs.push({ type: 'FieldValueNotSupported', field: 'spec.type', value: type, detail: 'supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' });
      if (type !== 'ExternalName' && obj.spec?.clusterIP !== 'None' && (!Array.isArray(obj.spec?.ports) || obj.spec.ports.length === 0))
        errs.push({ type: 'FieldValueRequired', field: 'spec.ports', detail: '' });
      return errs;
    }
    default:
      return [];
  }
}
