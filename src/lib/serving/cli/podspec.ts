// Small pod-spec mutations behind kn's container flags (--image, --port, --cmd, --request ...).
import type { V1Container, V1ResourceRequirements, V1SecurityContext } from '@kubernetes/client-node';
import { yaml } from '../../cli/lazy-modules.js';
import type { RevisionSpec } from '../types.js';
import { splitN } from './env.js';
import { mapFromArgsAllowingSingles, takeMinusSuffixed } from './parse.js';

/** The container kn edits: the first one, created empty when the spec has none. */
export function userContainer(spec: RevisionSpec): V1Container {
  if (!spec.containers || spec.containers.length === 0) spec.containers = [{} as V1Container];
  return spec.containers[0];
}

/** Sets the image of the user container. */
export function updateImage(container: V1Container, image: string): void {
  container.image = image;
}

export const PORT_FORMAT_ERROR =
  "the port specification '%s' is not valid. Please provide in the format 'NAME:PORT', where 'NAME' is optional. Examples: '--port h2c:8080' , '--port 8080'.";

/** Sets the single container port from `[NAME:]PORT`. */
export function updateContainerPort(container: V1Container, spec: string): void {
  const parts = splitN(spec, ':', 2);
  const [name, portText] = parts.length === 2 ? parts : ['', parts[0]];
  const port = /^[+-]?\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < -2147483648 || port > 2147483647) {
    throw new Error(PORT_FORMAT_ERROR.replace('%s', spec));
  }
  container.ports = [name === '' ? { containerPort: port } : { containerPort: port, name }];
}

/** Replaces the container command (--cmd, repeatable). */
export function updateContainerCommand(container: V1Container, command: string[]): void {
  container.command = command;
}

/** Replaces the container args (--arg, repeatable). */
export function updateContainerArgs(container: V1Container, args: string[]): void {
  container.args = args;
}

/** Sets (or with "" clears) the service account. */
export function updateServiceAccountName(spec: RevisionSpec, name: string): void {
  const trimmed = name.trim();
  if (trimmed === '') delete spec.serviceAccountName;
  else spec.serviceAccountName = trimmed;
}

/** Sets (or with "" clears) the single image pull secret. */
export function updateImagePullSecrets(spec: RevisionSpec, name: string): void {
  const trimmed = name.trim();
  if (trimmed === '') delete spec.imagePullSecrets;
  else spec.imagePullSecrets = [{ name: trimmed }];
}

const PULL_POLICIES = ['Always', 'Never', 'IfNotPresent'];

/** Sets the image pull policy (case-insensitive input, canonical output). */
export function updateImagePullPolicy(container: V1Container, policy: string): void {
  const canonical = PULL_POLICIES.find((p) => p.toLowerCase() === policy.toLowerCase());
  if (!canonical) {
    throw new Error(`invalid --pull-policy ${policy}. Valid arguments (case insensitive): Always | Never | IfNotPresent`);
  }
  container.imagePullPolicy = canonical;
}

/** Sets runAsUser on the container security context. */
export function updateUser(container: V1Container, user: number): void {
  container.securityContext = { ...(container.securityContext ?? {}), runAsUser: user };
}

/** kn's `strict` security context. */
export function strictSecurityContext(): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Applies --security-context `none` (clears) or `strict`. */
export function updateSecurityContext(container: V1Container, value: string): void {
  switch (value.toLowerCase()) {
    case 'none':
      delete container.securityContext;
      return;
    case 'strict':
      container.securityContext = strictSecurityContext();
      return;
    default:
      throw new Error(`invalid --security-context ${value}. Valid arguments: strict | none`);
  }
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([eE][+-]?\d+)|[KMGTPE]i|[numkMGTPE])?$/;

function resourceList(specs: readonly string[]): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const s of specs) {
    if (s.endsWith('-')) {
      remove.push(s.slice(0, -1));
      continue;
    }
    const parts = s.split('=');
    if (parts.length !== 2) throw new Error(`Invalid argument syntax ${s}, expected <resource>=<value>`);
    if (!QUANTITY.test(parts[1])) {
      throw new Error("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    }
    set[parts[0]] = parts[1];
  }
  return { set, remove };
}

/** Applies --request / --limit entries (`cpu=100m`, `memory-` removes); both already comma-split. */
export function updateResources(container: V1Container, requests: readonly string[], limits: readonly string[]): void {
  const lim = resourceList(limits);
  const req = resourceList(requests);
  const res: V1ResourceRequirements = { ...(container.resources ?? {}) };
  const merge = (current: Record<string, unknown> | undefined, change: { set: Record<string, string>; remove: string[] }) => {
    const out: Record<string, unknown> = { ...(current ?? {}), ...change.set };
    for (const k of change.remove) delete out[k];
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const r = merge(res.requests, req);
  const l = merge(res.limits, lim);
  if (r) res.requests = r as V1ResourceRequirements['requests'];
  else delete res.requests;
  if (l) res.limits = l as V1ResourceRequirements['limits'];
  else delete res.limits;
  container.resources = res;
}

/** Adds or replaces containers from a PodSpec YAML/JSON document (--containers). */
export function updateContainers(spec: RevisionSpec, text: string): void {
  const doc = yaml().parse(text) as { containers?: V1Container[] } | null;
  const extra = doc?.containers ?? [];
  const containers = spec.containers ?? [];
  if (containers.length === 1) {
    spec.containers = [...containers, ...extra];
    return;
  }
  const matched = new Set<string>();
  const out = containers.map((c) => {
    const replacement = extra.find((e) => e.name === c.name);
    if (!replacement) return c;
    matched.add(replacement.name.toLowerCase());
    return replacement;
  });
  for (const e of extra) if (!matched.has((e.name ?? '').toLowerCase())) out.push(e);
  spec.containers = out;
}

/** Applies --node-selector `Key=value` / `Key-`. */
export function updateNodeSelector(spec: RevisionSpec, args: readonly string[]): void {
  const all = mapFromArgsAllowingSingles(args, '=');
  const remove = takeMinusSuffixed(all);
  const out: Record<string, string> = { ...(spec.nodeSelector ?? {}) };
  for (const [k, v] of all) out[k] = v;
  for (const k of remove) delete out[k];
  spec.nodeSelector = out;
}

/** Appends one toleration from `Key=..`, `Operator=..`, `Value=..`, `Effect=..` entries (kn's UpdateTolerations). */
export function addToleration(spec: RevisionSpec, entries: readonly string[]): void {
  const toleration: Record<string, string> = {};
  const seen = new Set<string>();
  for (const entry of entries) {
    const i = entry.indexOf('=');
    if (i < 0) throw new Error(`Argument requires a value that contains the "=" character; got ${JSON.stringify(entry)}`);
    const key = entry.slice(0, i);
    const value = entry.slice(i + 1);
    if (key === '') throw new Error('The key is empty');
    if (seen.has(key)) throw new Error(`The key ${JSON.stringify(key)} has been duplicate in [${entries.join(' ')}]`);
    seen.add(key);
    switch (key.toLowerCase()) {
      case 'key':
        toleration.key = value;
        break;
      case 'value':
        toleration.value = value;
        break;
      // Unknown effects/operators are dropped, as upstream does.
      case 'effect':
        if (['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(value)) toleration.effect = value;
        break;
      case 'operator':
        if (['Exists', 'Equal'].includes(value)) toleration.operator = value;
        break;
    }
  }
  spec.tolerations = [...(spec.tolerations ?? []), toleration];
}

/** Adds one node-affinity term from `Type=Required|Preferred`, `Key`, `Operator`, `Values="a b"`, `Weight` entries. */
export function addNodeAffinity(spec: RevisionSpec, entries: readonly string[]): void {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const i = entry.indexOf('=');
    if (i < 0) throw new Error(`Argument requires a value that contains the "=" character; got ${JSON.stringify(entry)}`);
    const key = entry.slice(0, i);
    if (key === '') throw new Error('The key is empty');
    if (map.has(key)) throw new Error(`The key ${JSON.stringify(key)} has been duplicate in [${entries.join(' ')}]`);
    map.set(key, entry.slice(i + 1));
  }
  let type: string | undefined;
  const expr: { key?: string; operator?: string; values?: string[] } = {};
  let weight = 0;
  for (const [key, value] of map) {
    switch (key.toLowerCase()) {
      case 'type':
        type = value;
        break;
      case 'key':
        expr.key = value;
        break;
      case 'values':
        expr.values = value.split(/\s+/).filter(Boolean);
        break;
      // Unknown operators are dropped, as upstream does.
      case 'operator':
        if (['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(value)) expr.operator = value;
        break;
      case 'weight': {
        const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(n) || Math.abs(n) > 2147483647) {
          throw new Error(`error in setting preference weight in node affinity: strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`);
        }
        weight = n;
        break;
      }
    }
  }
  const nodeAffinity = { ...(spec.affinity?.nodeAffinity ?? {}) };
  if (type === 'Required') {
    const terms = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    // A new term is ORed with the existing ones.
    nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
      nodeSelectorTerms: [...terms, { matchExpressions: [expr as { key: string; operator: string }] }],
    };
  } else if (type === 'Preferred') {
    nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution = [
      ...(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []),
      { weight, preference: { matchExpressions: [expr as { key: string; operator: string }] } },
    ];
  } else {
    throw new Error('Invalid type defined for node affinity, Valid arguments: Required | Preferred');
  }
  spec.affinity = { ...(spec.affinity ?? {}), nodeAffinity };
}
