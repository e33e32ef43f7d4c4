// Splits a resource URL into its parts, following kube's RequestInfoFactory rules
// (including `/watch/` prefixes and the namespace subresources `status` and `finalize`).

/** The parts of a resource request path. */
export interface ResourcePath {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` path form. */
  watchPath: boolean;
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** Parses `/api/v1/...` or `/apis/<g>/<v>/...`; undefined if the path is not a resource path. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  let parts: string[];
  try {
    parts = pathname.split('/').filter((p) => p.length > 0);
    // Most paths have nothing escaped; decode only when there is something to decode.
    if (pathname.includes('%')) parts = parts.map(decodeURIComponent);
  } catch {
    return undefined;
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2])) rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return { group, version, namespace, resource: rest[0], name: rest[1], subresource: rest[2], watchPath };
}
