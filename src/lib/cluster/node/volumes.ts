// Pod volumes as directories under the pod's state dir. Processes cannot see real mount paths,
// so each container learns where its mounts live through the environment:
//   KN_VOLUME_MOUNTS = JSON {"<mountPath>": "<local dir or file>", ...}
// and, per mount, KN_MOUNT_<VOLUME NAME upper-cased, non-alphanumerics as _> = <local path>.
// Supported: configMap, secret, emptyDir, downwardAPI and projected (of those). Others stay empty.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import type { Pod } from '../../controller/kinds.js';
import { ContainerConfigError, fieldValue, type EnvSources } from './env.js';

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
type Container = NonNullable<Pod['spec']>['containers'][number];
type KeyToPath = { key: string; path: string };

// Keeps item paths inside the volume dir (no "../" escapes).
function safeJoin(dir: string, rel: string): string {
  const p = normalize(rel);
  if (p.startsWith('/') || p.split('/').includes('..')) throw new ContainerConfigError(`invalid volume item path "${rel}"`);
  return join(dir, p);
}

async function writeItems(dir: string, data: Record<string, string | Buffer>, items: KeyToPath[] | undefined, what: string): Promise<void> {
  const entries: [string, string | Buffer][] = items?.length
    ? items.map((it) => {
        if (!(it.key in data)) throw new ContainerConfigError(`couldn't find key ${it.key} in ${what}`);
        return [it.path, data[it.key]!];
      })
    : Object.entries(data);
  for (const [rel, value] of entries) {
    const file = safeJoin(dir, rel);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, value, { mode: 0o600 });
  }
}

async function sourceData(pod: Pod, v: { configMap?: Volume['configMap']; secret?: Volume['secret'] }, sources: EnvSources): Promise<{ data: Record<string, string | Buffer>; items?: KeyToPath[]; what: string } | undefined> {
  const ns = pod.metadata?.namespace ?? 'default';
  if (v.configMap) {
    const name = v.configMap.name ?? '';
    const cm = await sources.configMap(ns, name);
    if (!cm) {
      if (v.configMap.optional) return undefined;
      throw new ContainerConfigError(`configmap "${name}" not found`);
    }
    const data: Record<string, string | Buffer> = { ...(cm.data ?? {}) };
    for (const [k, b] of Object.entries(cm.binaryData ?? {})) data[k] = Buffer.from(b, 'base64');
    return { data, items: v.configMap.items, what: `ConfigMap ${ns}/${name}` };
  }
  if (v.secret) {
    const name = (v.secret as { secretName?: string; name?: string }).secretName ?? (v.secret as { name?: string }).name ?? '';
    const s = await sources.secret(ns, name);
    if (!s) {
      if (v.secret.optional) return undefined;
      throw new ContainerConfigError(`secret "${name}" not found`);
    }
    const data: Record<string, string | Buffer> = {};
    for (const [k, b] of Object.entries(s.data ?? {})) data[k] = Buffer.from(b, 'base64');
    for (const [k, t] of Object.entries(s.stringData ?? {})) data[k] = t;
    return { data, items: v.secret.items, what: `Secret ${ns}/${name}` };
  }
  return undefined;
}

/** Writes every volume of a pod under `<podDir>/volumes/<name>`; returns volume name → dir. */
export async function materializeVolumes(pod: Pod, podDir: string, sources: EnvSources): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const root = join(podDir, 'volumes');
  for (const v of pod.spec?.volumes ?? []) {
    const dir = join(root, v.name.replace(/[^A-Za-z0-9_.-]/g, '_'));
    out.set(v.name, dir);
    // emptyDir keeps its content across container restarts; the others are refreshed.
    if (v.emptyDir) {
      await mkdir(dir, { recursive: true });
      continue;
    }
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const direct = await sourceData(pod, v, sources);
    if (direct) await writeItems(dir, direct.data, direct.items, direct.what);
    if (v.downwardAPI) {
      for (const it of v.downwardAPI.items ?? []) {
        if (it.fieldRef) await writeItems(dir, { [it.path]: fieldValue(pod, it.fieldRef.fieldPath) ?? '' }, undefined, 'downwardAPI');
      }
    }
    for (const src of v.projected?.sources ?? []) {
      const d = await sourceData(pod, { configMap: src.configMap as Volume['configMap'], secret: src.secret as Volume['secret'] }, sources);
      if (d) await writeItems(dir, d.data, d.items, d.what);
      for (const it of src.downwardAPI?.items ?? []) {
        if (it.fieldRef) await writeItems(dir, { [it.path]: fieldValue(pod, it.fieldRef.fieldPath) ?? '' }, undefined, 'downwardAPI');
      }
    }
  }
  return out;
}

/** Environment telling a container where its volume mounts really are. */
export function mountEnv(container: Container, volumes: Map<string, string>): Record<string, string> {
  const mounts: Record<string, string> = {};
  const env: Record<string, string> = {};
  for (const m of container.volumeMounts ?? []) {
    const dir = volumes.get(m.name);
    if (!dir) continue;
    const local = m.subPath ? safeJoin(dir, m.subPath) : dir;
    mounts[m.mountPath] = local;
    env[`KN_MOUNT_${m.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = local;
  }
  if (Object.keys(mounts).length) env.KN_VOLUME_MOUNTS = JSON.stringify(mounts);
  return env;
}
