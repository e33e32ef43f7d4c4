// The CRDs the server installs at start: every CustomResourceDefinition in config/crds/*.yaml.
// The same files are applied to kind clusters, so they stay plain, valid Kubernetes CRDs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Parsed CRDs of a directory, sorted by file name; parsed once per process. */
export function loadShippedCrds(dir = defaultCrdDir()): any[] {
  const hit = cache.get(dir);
  if (hit) return hit;
  const out: any[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      if (obj?.kind === 'CustomResourceDefinition') out.push(obj);
    }
  }
  cache.set(dir, out);
  return out;
}
