// Container environment as the kubelet builds it: envFrom (ConfigMaps/Secrets, with prefix), then
// env entries in order (value with $(VAR) expansion, or valueFrom configMapKeyRef, secretKeyRef,
// fieldRef, resourceFieldRef). A missing non-optional source is a CreateContainerConfigError.
import { availableParallelism, totalmem } from 'node:os';
import type { ConfigMap, Pod, Secret } from '../../controller/kinds.js';

type Container = NonNullable<Pod['spec']>['containers'][number];

/** Reads ConfigMaps and Secrets of the pod's namespace (undefined when absent). */
export interface EnvSources {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

/** A container config problem; the container waits with reason CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
}

/** Expands $(VAR) references from `vars`; $$(VAR) stays as a literal $(VAR); unknown refs stay as written. */
export function expandVars(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && Object.prototype.hasOwnProperty.call(vars, name) ? vars[name]! : m;
  });
}

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** Value of a downward-API field path for a pod. */
export function fieldValue(pod: Pod, path: string): string | undefined {
  const md = pod.metadata ?? {};
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? md.labels : md.annotations)?.[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return md.name;
    case 'metadata.namespace':
      return md.namespace;
    case 'metadata.uid':
      return md.uid;
    case 'metadata.labels':
      return Object.entries(md.labels ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'metadata.annotations':
      return Object.entries(md.annotations ?? {}).map(([k, v]) => `${k}="${v}"`).join('\n');
    case 'spec.nodeName':
      return pod.spec?.nodeName;
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.hostIP':
    case 'status.hostIPs':
      return pod.status?.hostIP ?? '127.0.0.1';
    case 'status.podIP':
    case 'status.podIPs':
      return pod.status?.podIP;
    default:
      return undefined;
  }
}

/** Parses a Kubernetes quantity ("512Mi", "1.5", "250m") to a number of base units. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
  const f = mult[m[2]!];
  return f === undefined ? undefined : n * f;
}

function resourceValue(container: Container, resource: string, divisor?: string): string | undefined {
  const [kind, name] = resource.split('.') as [string, string];
  const res = container.resources as { limits?: Record<string, string>; requests?: Record<string, string> } | undefined;
  const raw = (kind === 'limits' ? res?.limits : res?.requests)?.[name];
  // Without a limit the kubelet reports node allocatable; we report what the host has.
  const fallback = name === 'cpu' ? availableParallelism() : name === 'memory' ? totalmem() : undefined;
  const value = parseQuantity(raw) ?? fallback;
  if (value === undefined) return undefined;
  const d = parseQuantity(divisor) || 1;
  return String(Math.ceil(value / d));
}

/** Builds a container's environment (without the agent's own PORT/HOST additions). */
export async function buildContainerEnv(pod: Pod, container: Container, sources: EnvSources): Promise<Record<string, string>> {
  const ns = pod.metadata?.namespace ?? 'default';
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = await sources.configMap(ns, from.configMapRef.name ?? '');
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new ContainerConfigError(`configmap "${from.configMapRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(cm.data ?? {})) env[prefix + k] = v;
    } else if (from.secretRef) {
      const s = await sources.secret(ns, from.secretRef.name ?? '');
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new ContainerConfigError(`secret "${from.secretRef.name}" not found`);
      }
      for (const [k, v] of Object.entries(s.data ?? {})) env[prefix + k] = decode(v);
      for (const [k, v] of Object.entries(s.stringData ?? {})) env[prefix + k] = v;
    }
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom === undefined) {
      env[e.name] = expandVars(e.value ?? '', env);
      continue;
    }
    const vf = e.valueFrom;
    if (vf.configMapKeyRef) {
      const ref = vf.configMapKeyRef;
      const cm = await sources.configMap(ns, ref.name ?? '');
      const v = cm?.data?.[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(cm ? `couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}` : `configmap "${ref.name}" not found`);
      }
      env[e.name] = v;
    } else if (vf.secretKeyRef) {
      const ref = vf.secretKeyRef;
      const s = await sources.secret(ns, ref.name ?? '');
      const raw = s?.data?.[ref.key];
      const v = raw !== undefined ? decode(raw) : s?.stringData?.[ref.key];
      if (v === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(s ? `couldn't find key ${ref.key} in Secret ${ns}/${ref.name}` : `secret "${ref.name}" not found`);
      }
      env[e.name] = v;
    } else if (vf.fieldRef) {
      const v = fieldValue(pod, vf.fieldRef.fieldPath);
      if (v === undefined) throw new ContainerConfigError(`unsupported fieldPath: ${vf.fieldRef.fieldPath}`);
      env[e.name] = v;
    } else if (vf.resourceFieldRef) {
      const v = resourceValue(container, vf.resourceFieldRef.resource, vf.resourceFieldRef.divisor as string | undefined);
      if (v === undefined) throw new ContainerConfigError(`unsupported resource: ${vf.resourceFieldRef.resource}`);
      env[e.name] = v;
    }
  }
  return env;
}
