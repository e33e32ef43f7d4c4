// Sink flag syntax (knative/client pkg/flags/sink.go): `prefix:name[:namespace]`, a bare name (a
// Knative service), or an http(s) URI; resolved into a duck v1 Destination by fetching the target.
import { KnError } from '../../api/errors.js';
import { BROKER, CHANNEL, type Destination } from '../../api/eventing-types.js';
import { SERVICE } from '../../api/serving-types.js';
import { apiVersionOf, type KObject, type ResourceType } from '../../api/types.js';
import type { SinkMapping } from '../../cli/kn-config.js';

/** core/v1 Service (the `svc:` prefix). */
export const CORE_SERVICE: ResourceType = { group: '', version: 'v1', plural: 'services', kind: 'Service', singular: 'service' };

/** Built-in sink prefixes (upstream's defaults; `kservice` and `service` are long forms). */
const PREFIXES: Record<string, ResourceType> = {
  ksvc: SERVICE,
  kservice: SERVICE,
  broker: BROKER,
  channel: CHANNEL,
  svc: CORE_SERVICE,
  service: CORE_SERVICE,
};

/** The prefix printed for each built-in kind (short forms). */
const SHORT_ALIASES: Array<[string, ResourceType]> = [
  ['ksvc', SERVICE],
  ['broker', BROKER],
  ['channel', CHANNEL],
  ['svc', CORE_SERVICE],
];

/** A parsed sink: a URI, or an object reference still to be fetched. */
export type SinkSpec = { uri: string } | { rt: ResourceType; name: string; namespace: string };

/** Looks up objects a reference names (EventingClient.getObject fits). */
export type ObjectGetter = (rt: ResourceType, namespace: string, name: string) => Promise<KObject>;

/** What resolving a sink needs: the command's namespace, a getter and the kn config's sink-mappings. */
export interface SinkResolver {
  namespace: string;
  get: ObjectGetter;
  /** `eventing.sink-mappings` of the kn config; read only for prefixes that are not built in. */
  mappings?: () => SinkMapping[];
}

function invalid(cause: string): KnError {
  return new KnError(`sink has invalid format: ${cause}`, 'BadRequest');
}

/** Parses a sink flag value; `namespace` is the command's namespace (default for references). */
export function parseSink(value: string, namespace: string, mappings: () => SinkMapping[] = () => []): SinkSpec {
  if (value === '') throw invalid('sink is empty');
  if (!value.includes(':')) return { rt: SERVICE, name: value, namespace };
  const parts = value.split(':');
  const prefix = parts[0] ?? '';
  if (prefix === 'http' || prefix === 'https') {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalid(`invalid URI '${value}'`);
    }
    if (url.host === '') throw invalid(`invalid URI '${value}'`);
    return { uri: value };
  }
  if (parts.length > 3) throw invalid(`too many colons in '${value}'`);
  const name = parts[1] ?? '';
  if (name === '') throw invalid(`missing name in '${value}'`);
  const ns = parts[2] || namespace;
  const rt = PREFIXES[prefix] ?? mappedPrefix(prefix, mappings) ?? resourceFromGvr(prefix);
  return { rt, name, namespace: ns };
}

// A prefix from the kn config's sink-mappings (built-in prefixes take precedence).
function mappedPrefix(prefix: string, mappings: () => SinkMapping[]): ResourceType | undefined {
  const m = mappings().find((x) => x.prefix === prefix);
  if (!m) return undefined;
  const singular = m.resource.replace(/s$/, '');
  return { group: m.group ?? '', version: m.version || 'v1', plural: m.resource, kind: singular, singular };
}

// `group/version/resource` (e.g. special.eventing.dev/v1alpha1/channels): kind unknown until fetched.
function resourceFromGvr(prefix: string): ResourceType {
  const segs = prefix.split('/');
  if (segs.length !== 3 || segs.some((s) => s === '')) throw invalid(`unsupported sink prefix: '${prefix}'`);
  const [group, version, plural] = segs as [string, string, string];
  const singular = plural.replace(/s$/, '');
  return { group, version, plural, kind: singular, singular };
}

/** Parses and resolves a sink into a Destination; a missing target fails with the API's NotFound. */
export async function resolveSink(value: string, r: SinkResolver): Promise<Destination> {
  const spec = parseSink(value, r.namespace, r.mappings);
  if ('uri' in spec) return { uri: spec.uri };
  const obj = await r.get(spec.rt, spec.namespace, spec.name);
  return {
    ref: {
      apiVersion: obj.apiVersion ?? apiVersionOf(spec.rt),
      kind: obj.kind ?? spec.rt.kind,
      name: spec.name,
      namespace: spec.namespace,
    },
  };
}

/** Resolves an optional sink flag: absent or empty means "no destination". */
export async function resolveOptionalSink(value: string | undefined, r: SinkResolver): Promise<Destination | undefined> {
  return value ? resolveSink(value, r) : undefined;
}

function groupOf(apiVersion: string | undefined): string {
  const av = apiVersion ?? '';
  return av.includes('/') ? (av.split('/')[0] ?? '') : '';
}

/** Sink text of list tables: `ksvc:name`, `broker:name`, the URI, or `plural.group/version:name`. */
export function sinkToString(dest: Destination | undefined, ownNamespace?: string): string {
  if (!dest) return '';
  const ref = dest.ref;
  if (!ref) return dest.uri ?? '';
  const group = groupOf(ref.apiVersion);
  const alias = SHORT_ALIASES.find(([, rt]) => rt.kind === ref.kind && rt.group === group)?.[0];
  const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
  const plural = `${(ref.kind ?? '').toLowerCase()}s`;
  const head = alias ?? (group ? `${plural}.${group}/${version}` : `${plural}/${version}`);
  const nsPart = ref.namespace && ownNamespace !== undefined && ref.namespace !== ownNamespace ? `:${ref.namespace}` : '';
  return `${head}:${ref.name ?? ''}${nsPart}`;
}
