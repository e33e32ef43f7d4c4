// Destination validation (webhook) and resolution through the Addressable duck type (controllers).
import { FieldError, invalidValue, missingField } from '../field-error.js';
import type { Destination, KReference } from '../types.js';
import { serviceUrl, DEFAULT_CLUSTER_DOMAIN } from './names.js';

/** A reference with its namespace filled in. */
export type ResolvedRef = Required<Pick<KReference, 'apiVersion' | 'kind' | 'name' | 'namespace'>> & Pick<KReference, 'address'>;

/** Fetches the referenced object (from an informer cache or the API); undefined when it does not exist. */
export type ObjectGetter = (ref: ResolvedRef) => Promise<Record<string, unknown> | undefined>;

/** A resolved destination. */
export interface ResolvedDestination {
  url: string;
  CACerts?: string;
  audience?: string;
}

/** Destination resolution failed (message goes into a condition). */
export class ResolveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveError';
  }
}

const isAbsolute = (u: string): boolean => {
  try {
    const url = new URL(u);
    return url.host !== '' && /^https?:$/.test(url.protocol);
  } catch {
    return false;
  }
};

/** Go's %+v of a KReference, which upstream puts in resolver errors. */
export function formatRef(ref: KReference): string {
  return `&{Kind:${ref.kind ?? ''} Namespace:${ref.namespace ?? ''} Name:${ref.name ?? ''} APIVersion:${ref.apiVersion ?? ''} Group: Address:<nil>}`;
}

/** Validates a Destination under `path` (e.g. "spec.subscriber"), with upstream's messages. */
export function validateDestination(dest: Destination | undefined, path: string): FieldError[] {
  const hasRef = dest?.ref !== undefined && dest.ref !== null;
  const hasUri = typeof dest?.uri === 'string' && dest.uri !== '';
  if (!dest || (!hasRef && !hasUri)) {
    return [new FieldError('expected at least one, got none', [`${path}.ref`, `${path}.uri`])];
  }
  const errs: FieldError[] = [];
  if (hasRef) {
    const ref = dest.ref!;
    const missing = (['name', 'kind', 'apiVersion'] as const).filter((f) => !ref[f]).map((f) => `${path}.ref.${f}`);
    if (missing.length > 0) errs.push(missingField(...missing));
    if (hasUri && isAbsolute(dest.uri!)) {
      errs.push(
        new FieldError('Absolute URI is not allowed when Ref or [apiVersion, kind, name] is present', [
          `${path}[apiVersion, kind, name]`,
          `${path}.ref`,
          `${path}.uri`,
        ]),
      );
    }
  } else if (!isAbsolute(dest.uri!)) {
    errs.push(invalidValue('Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent', `${path}.uri`));
  }
  return errs;
}

interface AddressLike {
  name?: string;
  url?: string;
  CACerts?: string;
  audience?: string;
}

// The address of an Addressable: status.address, or the named/first entry of status.addresses.
function pickAddress(obj: Record<string, unknown>, ref: ResolvedRef): AddressLike | undefined {
  const status = (obj.status ?? {}) as { address?: AddressLike; addresses?: AddressLike[]; url?: string };
  if (ref.address) return status.addresses?.find((a) => a.name === ref.address);
  if (status.address) return status.address;
  if (status.addresses && status.addresses.length > 0) return status.addresses[0];
  // Knative Services predating status.address are addressed by status.url.
  if (ref.kind === 'Service' && ref.apiVersion.startsWith('serving.knative.dev/') && status.url) return { url: status.url };
  return undefined;
}

async function resolveRef(ref: ResolvedRef, getter: ObjectGetter, domain: string): Promise<ResolvedDestination> {
  // Plain Kubernetes Services are not Addressables; upstream special-cases them.
  if (ref.apiVersion === 'v1' && ref.kind === 'Service') {
    if (!(await getter(ref))) throw new ResolveError(`failed to get object ${ref.namespace}/${ref.name}: services "${ref.name}" not found`);
    return { url: serviceUrl(ref.namespace, ref.name, domain) };
  }
  const obj = await getter(ref);
  if (!obj) {
    throw new ResolveError(`failed to get object ${ref.namespace}/${ref.name}: ${ref.kind.toLowerCase()} "${ref.name}" not found`);
  }
  const addr = pickAddress(obj, ref);
  if (!addr) throw new ResolveError(`address not set for ${formatRef(ref)}`);
  if (!addr.url) throw new ResolveError(`URL missing in address of ${formatRef(ref)}`);
  let host = '';
  try {
    host = new URL(addr.url).host;
  } catch {
    host = '';
  }
  if (!host) throw new ResolveError(`hostname missing in address of ${formatRef(ref)}`);
  const out: ResolvedDestination = { url: addr.url };
  if (addr.CACerts) out.CACerts = addr.CACerts;
  if (addr.audience) out.audience = addr.audience;
  return out;
}

/**
 * Resolves a Destination to a URL: ref alone gives the referenced Addressable's address; ref plus a
 * relative uri resolves the uri against it; a lone uri must be absolute. `namespace` fills an empty
 * ref.namespace. Throws ResolveError.
 */
export async function resolveDestination(
  dest: Destination,
  namespace: string,
  getter: ObjectGetter,
  domain = DEFAULT_CLUSTER_DOMAIN,
): Promise<ResolvedDestination> {
  if (dest.ref) {
    const r = dest.ref;
    const ref: ResolvedRef = {
      apiVersion: r.apiVersion ?? '',
      kind: r.kind ?? '',
      name: r.name ?? '',
      namespace: r.namespace || namespace,
    };
    if (r.address) ref.address = r.address;
    const base = await resolveRef(ref, getter, domain);
    if (!dest.uri) return withDestExtras(base, dest);
    if (isAbsolute(dest.uri)) throw new ResolveError(`absolute URI is not allowed when Ref exists: "${dest.uri}"`);
    return withDestExtras({ ...base, url: new URL(dest.uri, base.url).toString() }, dest);
  }
  if (dest.uri) {
    if (!isAbsolute(dest.uri)) throw new ResolveError(`URI is not absolute (both scheme and host should be non-empty): "${dest.uri}"`);
    return withDestExtras({ url: dest.uri }, dest);
  }
  throw new ResolveError('destination missing Ref and URI, expected at least one');
}

// CACerts / audience on the Destination itself override the addressable's.
function withDestExtras(r: ResolvedDestination, dest: Destination): ResolvedDestination {
  const out = { ...r };
  if (dest.CACerts) out.CACerts = dest.CACerts;
  if (dest.audience) out.audience = dest.audience;
  return out;
}
