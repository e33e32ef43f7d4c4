// --mount and --volume: volumes from ConfigMaps, Secrets, emptyDirs and PVCs, and their mounts on the
// user container, following kn's rules (auto-generated volume names, read-only defaults, removals).
import { createHash } from 'node:crypto';
import type { V1Container, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { RevisionSpec } from '../types.js';
import { goQuote, setAndRemoveFromArgs } from './parse.js';
import { splitN } from './env.js';

type SourceType = 'config-map' | 'secret' | 'emptyDir' | 'pvc';

interface VolumeSource {
  type: SourceType;
  name: string;
  emptyDirMedium?: string;
  emptyDirSize?: string;
}

interface MountInfo {
  volumeName: string;
  subPath?: string;
  options?: string;
}

/** Applies --mount and --volume values (each `KEY=VALUE` or `KEY-`) to the pod spec and user container. */
export function updateVolumeMountsAndVolumes(
  spec: RevisionSpec,
  container: V1Container,
  mountArgs: readonly string[],
  volumeArgs: readonly string[],
): void {
  const mounts = parseWith('--mount', mountArgs);
  const vols = parseWith('--volume', volumeArgs);

  const sources = new Map<string, VolumeSource>();
  const mountsToSet = new Map<string, MountInfo>();
  for (const [path, value] of mounts.set) {
    const parts = splitN(value, ':', 2);
    if (parts.length === 1) {
      mountsToSet.set(path, mountInfo(parts[0]));
      continue;
    }
    const type = sourceType(parts[0]);
    if (!type) {
      throw new Error(
        `unsupported volume type "${goQuote(parts[0])}"; supported volume types are "config-map or cm", "secret or sc", "volume or vo", and "emptyDir or ed"`,
      );
    }
    const generated = generateVolumeName(path);
    const info = mountInfo(parts[1]);
    // Upstream keeps the whole rest (options included) as the emptyDir "name"; it is not used.
    sources.set(generated, { type, name: type === 'emptyDir' ? parts[1] : info.volumeName });
    info.volumeName = generated;
    mountsToSet.set(path, info);
  }
  for (const [name, value] of vols.set) sources.set(name, volumeSource(value));

  const volumes = updateVolumes([...(spec.volumes ?? [])], sources);
  const oldMounts = container.volumeMounts ?? [];
  const volumeMounts = updateMounts([...oldMounts.map((m) => ({ ...m }))], mountsToSet, volumes);

  // Unmounting a path also drops the volume kn generated for it.
  const volumesToRemove = [...vols.remove];
  for (const path of mounts.remove) {
    for (const m of oldMounts) {
      if (m.mountPath === path && m.name === generateVolumeName(path)) volumesToRemove.push(m.name);
    }
  }
  const keptMounts = volumeMounts.filter((m) => !mounts.remove.includes(m.mountPath));
  container.volumeMounts = keptMounts.length > 0 ? keptMounts : undefined;

  let keptVolumes = volumes;
  for (const name of volumesToRemove) {
    if (!keptVolumes.some((v) => v.name === name)) continue;
    if (keptMounts.some((m) => m.name === name)) {
      throw new Error(`The volume ${goQuote(name)} cannot be removed because it is mounted`);
    }
    keptVolumes = keptVolumes.filter((v) => v.name !== name);
  }
  spec.volumes = keptVolumes.length > 0 ? keptVolumes : undefined;
}

function parseWith(flag: string, args: readonly string[]) {
  try {
    return setAndRemoveFromArgs(args, '=');
  } catch (e) {
    throw new Error(`Invalid ${flag}: ${(e as Error).message}`);
  }
}

function sourceType(prefix: string): SourceType | undefined {
  switch (prefix.trim()) {
    case 'config-map':
    case 'cm':
      return 'config-map';
    case 'secret':
    case 'sc':
      return 'secret';
    case 'emptyDir':
    case 'ed':
      return 'emptyDir';
    case 'persistentVolumeClaim':
    case 'pvc':
      return 'pvc';
    default:
      return undefined;
  }
}

// `name[/sub/path][:options]`
function mountInfo(value: string): MountInfo {
  const [main, options] = splitN(value, ':', 2);
  const [volumeName, subPath] = splitN(main, '/', 2);
  const info: MountInfo = { volumeName };
  if (subPath) info.subPath = subPath;
  if (options !== undefined) info.options = options;
  return info;
}

// --volume values: `cm:NAME`, `secret:NAME`, `pvc:NAME`, `emptyDir:NAME[:type=Memory,size=1Gi]`
function volumeSource(spec: string): VolumeSource {
  const parts = splitN(spec, ':', 3);
  if (parts.length < 2) {
    throw new Error(`argument requires a value that contains the : character; got ${goQuote(spec)}, ${goSliceQuoted(parts)}`);
  }
  const type = sourceType(parts[0]);
  if (parts.length === 2) {
    if (!type) {
      throw new Error(
        `unsupported volume source type "${goQuote(parts[0])}"; supported volume source types are "config-map" and "secret"`,
      );
    }
    const name = parts[1].trim();
    if (name === '') throw new Error(`the name of ${type === 'config-map' || type === 'secret' ? type : 'unknown'} cannot be an empty string`);
    return { type, name };
  }
  if (type === 'emptyDir') {
    const { medium, size } = emptyDirOptions(parts[2]);
    return { type, name: parts[1], emptyDirMedium: medium, emptyDirSize: size };
  }
  if (type) throw new Error(`incorrect mount details for type ${goQuote(parts[0].trim())}`);
  throw new Error(
    `unsupported volume type "${goQuote(parts[0])}"; supported volume types are "config-map or cm", "secret or sc", "volume or vo", and "emptyDir or ed"`,
  );
}

function goSliceQuoted(parts: string[]): string {
  return `[${parts.map(goQuote).join(' ')}]`;
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([eE][+-]?\d+)|[KMGTPE]i|[numkMGTPE])?$/;

function emptyDirOptions(value: string): { medium?: string; size?: string } {
  const formatErr = () => new Error('incorrect format to specify emptyDir type');
  let medium: string | undefined;
  let size: string | undefined;
  for (const item of splitN(value, ',', 2)) {
    const kv = splitN(item, '=', 2);
    if (kv.length < 2) throw formatErr();
    const key = kv[0].toLowerCase();
    if (key === 'type') {
      if (medium !== undefined) throw new Error(`cannot repeat the key "type"`);
      medium = kv[1];
    } else if (key === 'size') {
      if (size !== undefined) throw new Error(`cannot repeat the key "size"`);
      if (!QUANTITY.test(kv[1])) throw formatErr();
      size = kv[1];
    } else {
      throw formatErr();
    }
  }
  return { medium, size };
}

function updateVolumes(volumes: V1Volume[], sources: Map<string, VolumeSource>): V1Volume[] {
  const out = volumes.map((v) => {
    const src = sources.get(v.name);
    return src ? setVolumeSource({ ...v }, src) : v;
  });
  const present = new Set(out.map((v) => v.name));
  for (const [name, src] of sources) if (!present.has(name)) out.push(setVolumeSource({ name }, src));
  return out;
}

function setVolumeSource(volume: V1Volume, src: VolumeSource): V1Volume {
  switch (src.type) {
    case 'config-map':
      delete volume.secret;
      volume.configMap = { name: src.name };
      break;
    case 'secret':
      delete volume.configMap;
      volume.secret = { secretName: src.name };
      break;
    case 'emptyDir': {
      const ed: { medium?: string; sizeLimit?: string } = {};
      if (src.emptyDirMedium) ed.medium = src.emptyDirMedium;
      if (src.emptyDirSize) ed.sizeLimit = src.emptyDirSize;
      volume.emptyDir = ed;
      break;
    }
    case 'pvc':
      volume.persistentVolumeClaim = { claimName: src.name };
      break;
  }
  return volume;
}

function updateMounts(mounts: V1VolumeMount[], toSet: Map<string, MountInfo>, volumes: V1Volume[]): V1VolumeMount[] {
  const done = new Set<string>();
  for (const m of mounts) {
    const info = toSet.get(m.mountPath);
    if (!info) continue;
    if (!volumes.some((v) => v.name === info.volumeName)) {
      throw new Error(`There is no volume matched with ${goQuote(info.volumeName)}`);
    }
    m.readOnly = readOnlyFor(info, volumes);
    m.name = info.volumeName;
    if (info.subPath) m.subPath = info.subPath;
    else delete m.subPath;
    done.add(m.mountPath);
  }
  for (const [mountPath, info] of toSet) {
    const readOnly = readOnlyFor(info, volumes);
    if (done.has(mountPath)) continue;
    const m: V1VolumeMount = { name: info.volumeName, readOnly, mountPath };
    if (info.subPath) m.subPath = info.subPath;
    mounts.push(m);
  }
  return mounts;
}

// Explicit readOnly option wins; otherwise writable only for emptyDir and PVC volumes.
function readOnlyFor(info: MountInfo, volumes: V1Volume[]): boolean {
  if (info.options !== undefined && info.options !== '') {
    for (const opt of info.options.split(',')) {
      const [k, v] = splitN(opt, '=', 2);
      if (k.toLowerCase() !== 'readonly') throw new Error(`unknown mount option ${goQuote(k)}`);
      if (v === undefined) throw new Error(`mount option ${goQuote(k)} requires a value, for example readOnly=true`);
      const b = parseGoBool(v);
      if (b === undefined) throw new Error(`strconv.ParseBool: parsing ${goQuote(v)}: invalid syntax`);
      return b;
    }
  }
  const vol = volumes.find((v) => v.name === info.volumeName);
  if (vol && (vol.emptyDir || vol.persistentVolumeClaim)) return false;
  return true;
}

function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** kn's volume name for a mount path: sanitized path plus 8 hex chars of its SHA-1, a DNS label. */
export function generateVolumeName(path: string): string {
  let out = '';
  [...path].forEach((ch, idx) => {
    if (/[a-z0-9-]/.test(ch)) out += ch;
    else if (/[A-Z]/.test(ch)) out += ch.toLowerCase();
    else if (ch === '/') out += idx === 0 ? '' : '-';
    else out += '-';
  });
  let name = `${out}-${createHash('sha1').update(path).digest('hex').slice(0, 8)}`;
  if (!/^[a-zA-Z0-9]/.test(name)) name = `k-${name}`;
  if (name.length > 63) name = `${name.slice(0, 61)}-n`;
  return name;
}
