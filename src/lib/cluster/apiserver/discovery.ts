// Legacy discovery documents (/api, /api/v1, /apis, /apis/<g>, /apis/<g>/<v>) and /version.
// Clients that ask for aggregated discovery get these too, answered as plain application/json,
// which client-go and kubectl treat as "aggregated discovery not supported" and fall back from.
import type { ResourceRegistry } from './registry.js';
import type { ResourceDef } from './resource-def.js';

/** The Kubernetes version we claim to be (kubectl 1.32 is within its skew policy). */
export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-kn-ts',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
};

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const subVerbs = ['get', 'patch', 'update'];

function resourceEntries(d: ResourceDef): object[] {
  const main: Record<string, unknown> = { name: d.plural, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: allVerbs };
  if (d.shortNames.length) main.shortNames = d.shortNames;
  if (d.categories.length) main.categories = d.categories;
  const out: object[] = [main];
  if (d.statusSubresource) out.push({ name: `${d.plural}/status`, singularName: '', namespaced: d.namespaced, kind: d.kind, verbs: subVerbs });
  if (d.scale) out.push({ name: `${d.plural}/scale`, singularName: '', namespaced: d.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: subVerbs });
  if (d.logSubresource) out.push({ name: `${d.plural}/log`, singularName: '', namespaced: d.namespaced, kind: 'Pod', verbs: ['get'] });
  if (d.group === '' && d.kind === 'Namespace') out.push({ name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] });
  return out;
}

/** GET /api */
export function coreVersions(serverAddress: string): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** GET /api/v1 or /apis/<g>/<v>; undefined if nothing is served there. */
export function resourceList(registry: ResourceRegistry, group: string, version: string): object | undefined {
  const defs = registry.resourcesOf(group, version);
  if (defs.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: defs.flatMap(resourceEntries) };
}

function groupDoc(g: { name: string; versions: string[]; preferred: string }): object {
  return {
    name: g.name,
    versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.name}/${g.preferred}`, version: g.preferred },
  };
}

/** GET /apis */
export function groupList(registry: ResourceRegistry): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map(groupDoc) };
}

/** GET /apis/<g>; undefined for an unknown group. */
export function groupInfo(registry: ResourceRegistry, group: string): object | undefined {
  const g = registry.groups().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) } : undefined;
}
