// Image registry of the node agent: maps container image references to local commands, because
// pods run as processes, not containers. Other modules register the images they bundle
// (helloworld samples, queue-proxy, event_display...). References are normalized first: the
// default registry (docker.io / index.docker.io), the `library/` prefix, the tag and the digest
// do not matter for matching, so `helloworld-go`, `docker.io/x/helloworld-go:latest` and
// `x/helloworld-go@sha256:...` can all be served by one registration.

/** A parsed, normalized image reference. */
export interface ImageRef {
  /** The reference as written in the pod spec. */
  original: string;
  /** Registry host, '' for the default registry. */
  registry: string;
  /** Repository path without registry, tag or digest (no `library/` prefix). */
  repository: string;
  tag?: string;
  digest?: string;
  /** `registry/repository` (just `repository` for the default registry): what patterns match. */
  name: string;
}

/** How to run an image as a local process. */
export interface ResolvedImage {
  command: string[];
  args?: string[];
  env?: Record<string, string>;
  /** Working directory when the container sets none. */
  workingDir?: string;
}

/** Produces the process for a matched image. */
export type ImageResolver = ResolvedImage | ((ref: ImageRef) => ResolvedImage | undefined);

interface Registration {
  pattern: string | RegExp;
  resolver: ImageResolver;
}

const registrations: Registration[] = [];

const DEFAULT_REGISTRIES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Parses and normalizes an image reference. */
export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = '';
  const first = rest.split('/')[0]!;
  // Like Docker: the first component is a host if it has a dot or a port, or is localhost.
  if (rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    rest = rest.slice(first.length + 1);
  }
  if (DEFAULT_REGISTRIES.has(registry)) registry = '';
  if (!registry && rest.startsWith('library/')) rest = rest.slice('library/'.length);
  const repository = rest.toLowerCase();
  return { original: image, registry, repository, tag, digest, name: registry ? `${registry}/${repository}` : repository };
}

// A string pattern is a normalized name; `*` matches any run of characters.
function matches(pattern: string | RegExp, ref: ImageRef): boolean {
  if (pattern instanceof RegExp) return pattern.test(ref.name) || pattern.test(ref.original);
  const normalized = parseImageRef(pattern).name;
  if (!normalized.includes('*')) return normalized === ref.name;
  const re = new RegExp('^' + normalized.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(ref.name);
}

/** Registers how to run images matching `pattern`; later registrations win over earlier ones.
 * Returns a function that removes the registration. */
export function registerImage(pattern: string | RegExp, resolver: ImageResolver): () => void {
  const reg = { pattern, resolver };
  registrations.unshift(reg);
  return () => {
    const i = registrations.indexOf(reg);
    if (i >= 0) registrations.splice(i, 1);
  };
}

/** The local process for an image, or undefined when no registration can run it. */
export function resolveImage(image: string): ResolvedImage | undefined {
  const ref = parseImageRef(image);
  for (const r of registrations) {
    if (!matches(r.pattern, ref)) continue;
    const out = typeof r.resolver === 'function' ? r.resolver(ref) : r.resolver;
    if (out) return out;
  }
  return undefined;
}
