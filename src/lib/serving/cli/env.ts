// --env, --env-value-from, --env-file and --env-from applied to a container, with kn's texts.
import type { V1Container, V1EnvFromSource, V1EnvVar, V1EnvVarSource } from '@kubernetes/client-node';
import { goQuote, setAndRemoveFromArgs } from './parse.js';

/** One environment argument, in command-line order (the order new variables are appended in). */
export interface EnvArg {
  source: 'env' | 'env-value-from' | 'env-file';
  /** `NAME=value`, `NAME=cm:name:key`, `NAME-`, or for env-file the already read file lines. */
  values: string[];
}

/** Sets and removes container env vars; untouched variables keep their place, new ones are appended. */
export function updateEnvVars(container: V1Container, args: readonly EnvArg[]): void {
  const toSet = new Map<string, V1EnvVar>();
  const toRemove: string[] = [];
  for (const arg of args) {
    const label = arg.source === 'env-file' ? '--env' : `--${arg.source}`;
    let parsed;
    try {
      parsed = setAndRemoveFromArgs(arg.values, '=');
    } catch (e) {
      throw new Error(`Invalid ${label}: ${(e as Error).message}`);
    }
    for (const [name, value] of parsed.set) {
      toSet.set(name, arg.source === 'env-value-from' ? { name, valueFrom: envVarSource(value) } : { name, value });
    }
    toRemove.push(...parsed.remove);
  }
  const env = (container.env ?? []).map((e) => toSet.get(e.name) ?? e);
  const present = new Set(env.map((e) => e.name));
  for (const [name, v] of toSet) if (!present.has(name)) env.push(v);
  const result = env.filter((e) => !toRemove.includes(e.name));
  container.env = result.length > 0 ? result : undefined;
}

/** Parses `cm:NAME:KEY` / `config-map:` / `secret:` / `sc:` into a key reference. */
export function envVarSource(spec: string): V1EnvVarSource {
  const parts = splitN(spec, ':', 3);
  if (parts.length !== 3) {
    throw new Error(
      `argument requires a value in form "resourceType:name:key" where "resourceType" can be one of "config-map" ("cm") or "secret" ("sc"); got ${goQuote(spec)}`,
    );
  }
  const [type, name, key] = parts.map((p) => p.trim());
  let kind: string;
  let source: V1EnvVarSource;
  if (type === 'config-map' || type === 'cm') {
    kind = 'ConfigMap';
    source = { configMapKeyRef: { name, key } };
  } else if (type === 'secret' || type === 'sc') {
    kind = 'Secret';
    source = { secretKeyRef: { name, key } };
  } else {
    throw new Error(
      `unsupported env source type "${goQuote(parts[0])}"; supported source types are "config-map" ("cm") and "secret" ("sc")`,
    );
  }
  if (name === '') throw new Error(`the name of ${kind} cannot be an empty string`);
  if (key === '') throw new Error(`the key referenced by resource ${kind} "${name}" cannot be an empty string`);
  return source;
}

/** Reads an env file's `NAME=value` lines (blank lines and `#` comments skipped). */
export function envFileLines(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Applies --env-from values: `cm:NAME`/`config-map:NAME`/`secret:NAME`, a trailing `-` removes. */
export function updateEnvFrom(container: V1Container, values: readonly string[]): void {
  const add: string[] = [];
  const remove: string[] = [];
  for (const v of values) {
    if (v === '-') throw new Error('"-" is not a valid value for "--env-from"');
    if (v.endsWith('-')) remove.push(v.slice(0, -1));
    else add.push(v);
  }
  let sources: V1EnvFromSource[] = [...(container.envFrom ?? [])];
  const existing = new Set(sources.map(envFromKey).filter((k): k is string => k !== undefined));
  for (const spec of add) {
    const ref = parseEnvFromRef(spec);
    const key = `${ref.kind}:${ref.name}`;
    if (existing.has(key)) continue;
    existing.add(key);
    sources.push(ref.kind === 'config-map' ? { configMapRef: { name: ref.name } } : { secretRef: { name: ref.name } });
  }
  for (const spec of remove) {
    const ref = parseEnvFromRef(spec);
    const i = sources.findIndex((s) => envFromKey(s) === `${ref.kind}:${ref.name}`);
    if (i >= 0) sources = [...sources.slice(0, i), ...sources.slice(i + 1)];
  }
  container.envFrom = sources.length > 0 ? sources : undefined;
}

function envFromKey(s: V1EnvFromSource): string | undefined {
  if (s.configMapRef) return `config-map:${s.configMapRef.name}`;
  if (s.secretRef) return `secret:${s.secretRef.name}`;
  return undefined;
}

function parseEnvFromRef(spec: string): { kind: 'config-map' | 'secret'; name: string } {
  const parts = splitN(spec, ':', 2);
  if (parts.length < 2) {
    throw new Error(`argument requires a value that contains the : character; got ${goQuote(spec)}`);
  }
  const type = parts[0].trim();
  const name = parts[1].trim();
  let kind: 'config-map' | 'secret';
  if (type === 'config-map' || type === 'cm') kind = 'config-map';
  else if (type === 'secret' || type === 'sc') kind = 'secret';
  else {
    throw new Error(
      `unsupported volume source type "${goQuote(parts[0])}"; supported volume source types are "config-map" and "secret"`,
    );
  }
  if (name === '') throw new Error(`the name of ${kind} cannot be an empty string`);
  return { kind, name };
}

/** Go's strings.SplitN. */
export function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}
