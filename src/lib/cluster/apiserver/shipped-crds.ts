// The CRDs the server installs at start: every CustomResourceDefinition in config/crds/*.yaml.
// The same files are applied to kind clusters, so they stay plain, valid Kubernetes CRDs.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Finds config/crds by walking up from this module (works from src/ under jest and from dist/). */
export function defaultCrdDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'config', 'crds');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error('config/crds not found next to the kn-ts installation');
}

const cache = new Map<string, any[]>();

/**
 * Where parsed CRDs are cached between processes: YAML parsing costs far more than the rest of a
 * server start, and every test file starts servers in a fresh process. The cache is keyed by the
 * files' content hash, lives in node_modules/.cache (as build tools do) and is optional.
 */
function cachePath(dir: string, hash: string): string | undefined {
  const modules = join(dir, '..', '..', 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'kn-ts', `crds-${hash}.json`) : undefined;
}

function parseYamlCrds(files: [string, string][]): any[] {
  const out: any[] = [];
  for (const [file, text] of files) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj?.kind === 'CustomResourceDefinition') out.push(obj);
    }
  }
  return out;
}

/** Parsed CRDs of a directory, in file-name order; parsed once per content. */
export function loadShippedCrds(dir = defaultCrdDir()): any[] {
  const hit = cache.get(dir);
  if (hit) return hit;
  const files: [string, string][] = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
  const hash = createHash('sha256');
  for (const [f, text] of files) hash.update(f).update('\0').update(text).update('\0');
  const path = cachePath(dir, hash.digest('hex').slice(0, 24));
  let crds: any[] | undefined;
  if (path && existsSync(path)) {
    try {
      crds = JSON.parse(readFileSync(path, 'utf8')) as any[];
    } catch {
      crds = undefined;
    }
  }
  if (!crds) {
    crds = parseYamlCrds(files);
    if (path) {
      try {
        mkdirSync(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(crds));
        renameSync(tmp, path);
      } catch {
        /* a read-only install just parses every time */
      }
    }
  }
  cache.set(dir, crds);
  return crds;
}
