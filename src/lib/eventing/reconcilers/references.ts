// Destination resolution for the eventing reconcilers, and the bookkeeping that makes it
// level-triggered: every object a reconcile looked up is remembered, so a change to that object
// (a ksvc getting its address, a broker becoming ready) re-queues whoever depends on it.
import type { KubeClient } from '../../controller/client.js';
import { isNotFound } from '../../controller/errors.js';
import type { Informer } from '../../controller/informer.js';
import type { KubeObject } from '../../controller/objects.js';
import { resource, type ResourceRef } from '../../controller/resources.js';
import type { Resolution } from '../resources/common.js';
import { resolveDestination, ResolveError, type ResolvedRef } from '../resources/destination.js';
import type { Destination } from '../types.js';

/** Identity of a referenced object: "group/Kind/namespace/name". */
export function refKey(apiVersion: string, kind: string, namespace: string, name: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return `${group}/${kind}/${namespace}/${name}`;
}

/** refKey of an object of a known resource (list items may lack apiVersion and kind). */
export function objectRefKey(ref: ResourceRef, obj: KubeObject): string {
  return `${ref.group}/${ref.kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}

/** The REST resource of apiVersion+kind (lower-case plural guess for kinds we do not know). */
export function resourceOf(apiVersion: string, kind: string, known: ResourceRef[]): ResourceRef {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const hit = known.find((r) => r.group === group && r.kind === kind);
  if (hit) return { ...hit, version: version || hit.version };
  return resource(group, version, `${kind.toLowerCase()}s`, kind);
}

/** Which owners (work-queue keys) looked at which referenced objects. */
export class ReferenceTracker {
  private readonly byRef = new Map<string, Set<string>>();
  private readonly byOwner = new Map<string, string[]>();

  /** Replaces the set of objects `owner` depends on. */
  track(owner: string, refs: string[]): void {
    this.forget(owner);
    this.byOwner.set(owner, refs);
    for (const r of refs) {
      let s = this.byRef.get(r);
      if (!s) this.byRef.set(r, (s = new Set()));
      s.add(owner);
    }
  }

  /** Drops an owner (it was deleted). */
  forget(owner: string): void {
    for (const r of this.byOwner.get(owner) ?? []) {
      const s = this.byRef.get(r);
      s?.delete(owner);
      if (s?.size === 0) this.byRef.delete(r);
    }
    this.byOwner.delete(owner);
  }

  /** Owners depending on the object with this refKey. */
  ownersOf(ref: string): string[] {
    return [...(this.byRef.get(ref) ?? [])];
  }
}

/** Reads addressables from informer caches (known kinds) or the API (any other kind). */
export class ObjectSource {
  private readonly informers: { ref: ResourceRef; informer: Informer }[];

  constructor(
    private readonly client: KubeClient,
    informers: { ref: ResourceRef; informer: Informer }[],
  ) {
    this.informers = informers;
  }

  /** The object, or undefined when it does not exist. */
  async get(apiVersion: string, kind: string, namespace: string, name: string): Promise<KubeObject | undefined> {
    const ref = resourceOf(apiVersion, kind, this.informers.map((i) => i.ref));
    const cached = this.informers.find((i) => i.ref.group === ref.group && i.ref.kind === ref.kind);
    if (cached) return cached.informer.get(namespace, name);
    try {
      return await this.client.get(ref, namespace, name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}

/** Resolves destinations for one reconcile and records what it looked at. */
export class ReconcileResolver {
  readonly refs: string[] = [];

  constructor(private readonly objects: ObjectSource) {}

  /** Resolves a Destination into a Resolution (errors become `{ error }`, as conditions want them). */
  async resolve(dest: Destination, namespace: string): Promise<Resolution> {
    const getter = async (ref: ResolvedRef) => {
      this.refs.push(refKey(ref.apiVersion, ref.kind, ref.namespace, ref.name));
      return (await this.objects.get(ref.apiVersion, ref.kind, ref.namespace, ref.name)) as Record<string, unknown> | undefined;
    };
    try {
      const r = await resolveDestination(dest, namespace, getter);
      return r.CACerts ? { uri: r.url, CACerts: r.CACerts } : { uri: r.url };
    } catch (e) {
      if (e instanceof ResolveError) return { error: e.message };
      throw e;
    }
  }

  /** Notes a dependency that was not looked up through resolve(). */
  depend(apiVersion: string, kind: string, namespace: string, name: string): void {
    this.refs.push(refKey(apiVersion, kind, namespace, name));
  }
}
