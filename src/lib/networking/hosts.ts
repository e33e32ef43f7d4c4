// Host-name helpers shared by translation and the gateway's request matching.

/** The cluster domain suffix local mode pretends to have (no cluster DNS: the gateway answers for it). */
export const CLUSTER_DOMAIN = 'svc.cluster.local';

/**
 * Lowercased host without port or trailing dot, from a Host header or URL authority.
 * "Foo.Example.COM:8080" → "foo.example.com"; "[::1]:80" → "[::1]".
 */
export function normalizeHost(raw: string | undefined): string {
  if (!raw) return '';
  let host = raw;
  if (host.charCodeAt(0) === 91 /* [ */) {
    const end = host.indexOf(']');
    host = end === -1 ? host : host.slice(0, end + 1);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) host = host.slice(0, colon);
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host.toLowerCase();
}

/** The port written in a Host header ("a.b:8080" → 8080), undefined when none. */
export function hostPort(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const close = raw.lastIndexOf(']');
  const colon = raw.lastIndexOf(':');
  if (colon === -1 || colon < close) return undefined;
  const port = Number(raw.slice(colon + 1));
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

/** The three in-cluster names of a Service, shortest first: name.ns, name.ns.svc, name.ns.svc.cluster.local. */
export function serviceHostNames(name: string, namespace: string): string[] {
  const short = `${name}.${namespace}`.toLowerCase();
  return [short, `${short}.svc`, `${short}.${CLUSTER_DOMAIN}`];
}
