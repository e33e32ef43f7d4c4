// The Kubernetes manifests of a kn-ts install, shipped in the npm package under config/ and
// grouped in the order the quickstart applies them (as upstream's release files):
//   serving-crds → serving-core → kourier → kind (NodePort on 31080) → eventing-crds → eventing-core
// (core/ — namespaces and the admission webhook — belongs to both serving-core and eventing-core).
// Every Deployment runs our one image; renderManifests substitutes the image chosen at install time.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { packageRoot } from '../local/daemon.js';

/** Image repository of the kn-ts components (Dockerfile at the package root). */
export const IMAGE_REPOSITORY = 'ghcr.io/kn-ts/kn-ts';
// Matches the image as written in config/**/*.yaml, whatever its tag.
const IMAGE_IN_MANIFESTS = /ghcr\.io\/kn-ts\/kn-ts:[A-Za-z0-9_.-]+/g;

/** One group of manifests applied together. */
export interface ManifestBundle {
  name: 'serving-crds' | 'serving-core' | 'kourier' | 'kind' | 'eventing-crds' | 'eventing-core';
  /** Paths relative to config/. */
  files: string[];
}

function yamlFiles(configDir: string, folder: string): string[] {
  const dir = join(configDir, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `${folder}/${f}`);
}

/** The config/ folder of this installation. */
export function configDir(): string {
  return join(packageRoot(), 'config');
}

/** The bundles in apply order. */
export function manifestBundles(dir: string = configDir()): ManifestBundle[] {
  return [
    { name: 'serving-crds', files: ['crds/serving.yaml', 'crds/autoscaling.yaml', 'crds/networking.yaml'] },
    { name: 'serving-core', files: [...yamlFiles(dir, 'core'), ...yamlFiles(dir, 'serving')] },
    { name: 'kourier', files: yamlFiles(dir, 'kourier') },
    { name: 'kind', files: yamlFiles(dir, 'kind') },
    { name: 'eventing-crds', files: ['crds/eventing.yaml', 'crds/messaging.yaml', 'crds/sources.yaml', 'crds/flows.yaml'] },
    // core/ (namespaces, the webhook) again: an Eventing-only install needs it too; applying twice is a no-op.
    { name: 'eventing-core', files: [...yamlFiles(dir, 'core'), ...yamlFiles(dir, 'eventing')] },
  ];
}

/** The default image: our repository tagged with this package's version. */
export function defaultImage(root: string = packageRoot()): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return `${IMAGE_REPOSITORY}:v${pkg.version}`;
}

/** Multi-document YAML of the named bundles, in order (each file once), with `image` in place of the shipped one. */
export function renderManifests(bundles: ManifestBundle[], image: string, dir: string = configDir()): string {
  const docs: string[] = [];
  const seen = new Set<string>();
  for (const bundle of bundles) {
    for (const file of bundle.files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(join(dir, file), 'utf8').replace(IMAGE_IN_MANIFESTS, image);
      docs.push(`# Source: config/${file}\n${text.replace(/^---\n/, '').trimEnd()}\n`);
    }
  }
  return docs.map((d) => `---\n${d}`).join('');
}

/** Which bundles an install includes (neither flag ⇒ both, as upstream). */
export function selectBundles(opts: { serving: boolean; eventing: boolean; kind: boolean }, dir?: string): ManifestBundle[] {
  const both = !opts.serving && !opts.eventing;
  return manifestBundles(dir).filter((b) => {
    if (b.name === 'kind') return (opts.serving || both) && opts.kind;
    if (b.name.startsWith('eventing')) return opts.eventing || both;
    return opts.serving || both;
  });
}

/** The Deployments of a rendered YAML (namespace/name, in order), for rollout waits. */
export function deploymentsIn(yamlText: string): { namespace: string; name: string }[] {
  const out: { namespace: string; name: string }[] = [];
  for (const doc of parseAllDocuments(yamlText)) {
    const obj = doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null;
    if (obj?.kind === 'Deployment' && obj.metadata?.name) out.push({ namespace: obj.metadata.namespace ?? 'default', name: obj.metadata.name });
  }
  return out;
}
