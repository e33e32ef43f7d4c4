// The semantics of kube's generic registry over our Backend: defaulting, validation, admission,
// optimistic concurrency, generation, status/scale subresources, finalizers and deletion,
// patches and server-side apply. Transport-free: the HTTP layer parses requests and renders results.
import { randomBytes, randomUUID, randomInt } from 'node:crypto';
import type { AdmissionChain, AdmissionRequest } from './admission.js';
import { serverSideApply } from './apply.js';
import { crdPrefix, setCrdStatus, validateCrd } from './crd-lifecycle.js';
import { applyDefaults, validateKind } from './defaults.js';
import { ApiError, alreadyExists, badRequest, conflict, expired, forbidden, invalid, notFound, unsupportedMediaType, type FieldError } from './errors.js';
import { jsonPatch, mergePatch, strategicMerge } from './patch.js';
import { cloneJson } from './json.js';
import type { ResourceRegistry } from './registry.js';
import { groupVersion, objectKey, resourcePrefix, type ResourceDef } from './resource-def.js';
import { matchFields, matchLabels, parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelSelector } from './selectors.js';
import { StorageError, type Backend, type KubeObject, type StoredEntry } from './storage.js';
import { nameCheckFor, validateObjectMeta } from './validation.js';

/** Options common to writes (query parameters of kube's write verbs). */
export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  force?: boolean;
  subresource?: string;
  /** The requesting user, handed to admission (the Knative webhook records it as creator/lastModifier). */
  user?: string;
  /**
   * The caller hands the body over (the HTTP layer's freshly decoded request): the service may keep
   * and change it instead of taking a deep copy first. In-process callers leave it unset.
   */
  bodyOwned?: boolean;
}

/** Parsed list/watch filters. */
export interface ListFilter {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldRequirement[];
}

/** One page of a list. */
export interface ListResult {
  items: StoredEntry[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

/** Body of a DELETE (meta.k8s.io/v1 DeleteOptions) merged with its query parameters. */
export interface DeleteOptions {
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Patch content types kube accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const generateNameChars = 'bcdfghjklmnpqrstvwxz2456789';

// Random bytes for generated names, drawn from the CSPRNG in blocks (one call per name costs more
// than the rest of the name). Bytes >= 243 are skipped so that `% 27` stays uniform.
let randomPool = Buffer.alloc(0);
let randomPos = 0;
function randomNameChar(): string {
  for (;;) {
    if (randomPos >= randomPool.length) {
      randomPool = randomBytes(1024);
      randomPos = 0;
    }
    const b = randomPool[randomPos++];
    if (b < 243) return generateNameChars[b % generateNameChars.length];
  }
}

/** `<generateName><5 random chars>` from kube's alphabet (no vowels, no look-alike digits). */
function generateName(base: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += randomNameChar();
  return base.slice(0, 58) + suffix;
}

/**
 * The JSON each object returned by a write was parsed from, so the HTTP layer can send that text
 * instead of serializing the object again. Only valid while the object is unchanged: the HTTP layer
 * renders the result right away.
 */
const storedJson = new WeakMap<object, string>();

/** The stored JSON text of an object a write just returned (undefined for any other object). */
export function storedJsonOf(obj: object): string | undefined {
  return storedJson.get(obj);
}

/** A private copy of a stored object: stored objects are shared with the index and must not change. */
function copyOf(e: StoredEntry): KubeObject {
  const obj = JSON.parse(e.json) as KubeObject;
  storedJson.set(obj, e.json);
  return obj;
}

/** kube's RFC 3339 timestamps have second precision. */
export function timestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  // "YYYY-MM-DDTHH:mm:ss.sssZ" for every year kube can represent; anything else goes the long way.
  return iso.length === 24 ? `${iso.slice(0, 19)}Z` : iso.replace(/\.\d{3}Z$/, 'Z');
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The object minus metadata and (if it has its own subresource) status: changes here bump generation. */
function specPart(obj: any, def: ResourceDef): string {
  const { metadata: _m, status, ...rest } = obj;
  return JSON.stringify(def.statusSubresource ? rest : { ...rest, status });
}

function getPath(obj: any, path: string): any {
  let cur = obj;
  for (const seg of path.replace(/^\./, '').split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

function setPath(obj: any, path: string, value: unknown): void {
  const segs = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const seg of segs.slice(0, -1)) cur = isObj(cur[seg]) ? cur[seg] : (cur[seg] = {});
  cur[segs[segs.length - 1]] = value;
}

/** Rejects wrongly typed metadata the way kube's decoder does (400), before any defaulting. */
function checkMetadataTypes(def: ResourceDef, md: Record<string, unknown>): void {
  const fail = (field: string, want: string) => {
    throw badRequest(`json: cannot unmarshal ${Array.isArray(md[field]) ? 'array' : typeof md[field]} into Go struct field ObjectMeta.metadata.${field} of type ${want}`);
  };
  for (const f of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp']) {
    if (md[f] !== undefined && md[f] !== null && typeof md[f] !== 'string') fail(f, 'string');
  }
  if (md.generation !== undefined && md.generation !== null && !Number.isInteger(md.generation)) fail('generation', 'int64');
  if (md.finalizers !== undefined && md.finalizers !== null && (!Array.isArray(md.finalizers) || md.finalizers.some((f) => typeof f !== 'string'))) fail('finalizers', '[]string');
  const refs = md.ownerReferences;
  if (refs !== undefined && refs !== null) {
    if (!Array.isArray(refs) || refs.some((r) => !isObj(r) || ['apiVersion', 'kind', 'name', 'uid'].some((k) => typeof r[k] !== 'string')))
      throw invalid(def.group, def.kind, typeof md.name === 'string' ? md.name : '', [
        { type: 'FieldValueInvalid', field: 'metadata.ownerReferences', value: refs, detail: 'apiVersion, kind, name and uid must be set on every owner reference' },
      ]);
  }
}

/** The object a write is about to store, with what is needed to store it. */
interface Planned {
  obj: any;
  expectedRv?: number;
}

/** kube's generic registry semantics over a Backend. */
export class ObjectService {
  constructor(
    readonly backend: Backend,
    readonly registry: ResourceRegistry,
    readonly admission: AdmissionChain,
    private readonly now: () => number = Date.now,
  ) {}

  /** Parses selectors for a resource; unknown field selectors are a 400. */
  parseFilter(def: ResourceDef, namespace: string | undefined, labelSelector: string | null, fieldSelector: string | null): ListFilter {
    const known = (f: string) => f === 'metadata.name' || f === 'metadata.namespace' || !!def.fieldSelectors?.[f];
    return { namespace, labels: parseLabelSelector(labelSelector), fields: parseFieldSelector(fieldSelector, known) };
  }

  /** True if a stored object passes the filter. */
  matches(def: ResourceDef, f: ListFilter, obj: KubeObject): boolean {
    if (f.namespace && obj.metadata.namespace !== f.namespace) return false;
    if (f.labels.length && !matchLabels(f.labels, obj.metadata.labels as Record<string, string> | undefined)) return false;
    if (f.fields.length) {
      const get = (field: string) =>
        field === 'metadata.name' ? obj.metadata.name : field === 'metadata.namespace' ? (obj.metadata.namespace ?? '') : def.fieldSelectors?.[field]?.(obj);
      if (!matchFields(f.fields, get)) return false;
    }
    return true;
  }

  /** Storage prefix a list or watch scans. */
  listPrefix(def: ResourceDef, namespace: string | undefined): string {
    return def.namespaced && namespace ? `${resourcePrefix(def)}${namespace}/` : resourcePrefix(def);
  }

  /** The stored entry of one object, or a 404. */
  getEntry(def: ResourceDef, namespace: string | undefined, name: string): StoredEntry {
    const e = this.backend.get(objectKey(def, namespace, name));
    if (!e) throw notFound(def.group, def.plural, name);
    return e;
  }

  /** One page of matching objects (limit/continue as kube; the continue token is the last key). */
  list(def: ResourceDef, filter: ListFilter, limit: number | undefined, continueToken: string | null): ListResult {
    let start: string | undefined;
    let rv = String(this.backend.revision());
    if (continueToken) {
      try {
        const t = JSON.parse(Buffer.from(continueToken, 'base64url').toString('utf8')) as { rv: string; start: string };
        start = t.start;
        rv = t.rv;
      } catch {
        throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
      }
      if (Number(rv) < this.backend.oldestWatchable() && Number(rv) < this.backend.revision() - 1_000_000)
        throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
    }
    const all = this.backend.list(this.listPrefix(def, filter.namespace));
    const out: StoredEntry[] = [];
    const unfiltered = filter.labels.length === 0 && filter.fields.length === 0;
    let i = 0;
    if (start !== undefined) while (i < all.length && all[i].key <= start) i++;
    for (; i < all.length; i++) {
      const e = all[i];
      if (!unfiltered && !this.matches(def, filter, e.obj)) continue;
      if (limit && out.length >= limit) {
        const last = out[out.length - 1].key;
        return {
          items: out,
          resourceVersion: rv,
          continue: Buffer.from(JSON.stringify({ rv, start: last })).toString('base64url'),
          remainingItemCount: unfiltered ? all.length - i : undefined,
        };
      }
      out.push(e);
    }
    return { items: out, resourceVersion: rv };
  }

  private checkBody(def: ResourceDef, body: unknown, owned = false): any {
    if (!isObj(body)) throw badRequest(`the body of the request was in an unknown format - the object provided is not a ${def.kind}`);
    const gv = groupVersion(def);
    if (body.kind !== undefined && body.kind !== def.kind)
      throw badRequest(`the object provided is unrecognized (must be of type ${def.kind}): kind "${String(body.kind)}" does not match the URL (${def.plural})`);
    if (body.apiVersion !== undefined && body.apiVersion !== gv)
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${gv})`);
    if (body.metadata !== undefined && !isObj(body.metadata)) throw badRequest('metadata must be an object');
    checkMetadataTypes(def, body.metadata ?? {});
    const obj = owned ? body : cloneJson(body);
    obj.apiVersion = gv;
    obj.kind = def.kind;
    obj.metadata ??= {};
    return obj;
  }

  private checkNamespace(def: ResourceDef, obj: any, namespace: string | undefined): void {
    if (def.namespaced) {
      if (obj.metadata.namespace && obj.metadata.namespace !== namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      obj.metadata.namespace = namespace;
    } else {
      delete obj.metadata.namespace;
    }
  }

  private validate(def: ResourceDef, obj: any, old: any | undefined): void {
    const errs: FieldError[] = validateObjectMeta(obj, nameCheckFor(def.group, def.kind), def.namespaced);
    if (def.group === 'apiextensions.k8s.io' && def.kind === 'CustomResourceDefinition') errs.push(...validateCrd(obj));
    errs.push(...validateKind(def.group, def.kind, obj, old));
    if (errs.length) throw invalid(def.group, def.kind, obj.metadata?.name ?? '', errs);
  }

  private async admit(def: ResourceDef, op: AdmissionRequest['operation'], obj: any, old: any | undefined, opts: WriteOptions): Promise<any> {
    if (!this.admission.has(def.group, def.kind)) return obj;
    return this.admission.run({
      operation: op,
      group: def.group,
      version: def.version,
      kind: def.kind,
      resource: def.plural,
      subresource: opts.subresource ?? '',
      namespace: obj?.metadata?.namespace ?? old?.metadata?.namespace ?? '',
      name: obj?.metadata?.name ?? old?.metadata?.name ?? '',
      object: obj,
      // Hooks get their own copy: the stored object is shared with the index.
      oldObject: old === undefined ? undefined : cloneJson(old),
      dryRun: !!opts.dryRun,
      ...(opts.user ? { userInfo: { username: opts.user } } : {}),
    });
  }

  private requireNamespace(def: ResourceDef, namespace: string | undefined, name: string): void {
    if (!def.namespaced) return;
    const ns = this.backend.get(`/core.namespaces/${namespace}`);
    if (!ns) throw notFound('', 'namespaces', namespace ?? '');
    if (ns.obj.metadata.deletionTimestamp)
      throw forbidden(def.group, def.plural, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  }

  private allocateClusterIP(): string {
    const used = new Set(this.backend.list('/core.services/').map((e) => (e.obj as any).spec?.clusterIP));
    for (;;) {
      const ip = `10.96.${randomInt(0, 256)}.${randomInt(1, 255)}`;
      if (!used.has(ip)) return ip;
    }
  }

  /** POST: creates an object in namespace (ignored for cluster-scoped kinds). */
  async create(def: ResourceDef, namespace: string | undefined, body: unknown, opts: WriteOptions = {}): Promise<KubeObject> {
    const obj = this.checkBody(def, body, opts.bodyOwned);
    this.checkNamespace(def, obj, namespace);
    const md = obj.metadata;
    const generated = !md.name && typeof md.generateName === 'string' && md.generateName !== '';
    if (generated) md.name = generateName(md.generateName);
    this.prepareCreate(def, namespace, obj);
    if (opts.fieldManager && !md.managedFields)
      md.managedFields = [{ manager: opts.fieldManager, operation: 'Update', apiVersion: obj.apiVersion, time: md.creationTimestamp, fieldsType: 'FieldsV1', fieldsV1: {} }];
    // A generated name that is taken is drawn again, as kube does (RetryGenerateName). Only admission
    // changes the object on the way to storage, so without it the retry can reuse the same object.
    const keepOriginal = generated && this.admission.has(def.group, def.kind);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.storeCreate(def, keepOriginal ? cloneJson(obj) : obj, opts);
      } catch (e) {
        if (!generated || attempt >= 7 || !(e instanceof ApiError && e.reason === 'AlreadyExists')) throw e;
        md.name = generateName(md.generateName);
      }
    }
  }

  private async storeCreate(def: ResourceDef, obj: any, opts: WriteOptions): Promise<KubeObject> {
    this.validate(def, obj, undefined);
    let admitted = obj;
    if (this.admission.has(def.group, def.kind)) {
      admitted = await this.admit(def, 'CREATE', obj, undefined, opts);
      this.checkNamespace(def, admitted, obj.metadata.namespace);
      this.validate(def, admitted, undefined);
    }
    if (def.group === 'apiextensions.k8s.io' && def.kind === 'CustomResourceDefinition') setCrdStatus(admitted, undefined, timestamp(this.now()));
    const key = objectKey(def, admitted.metadata.namespace, admitted.metadata.name);
    if (opts.dryRun) {
      if (this.backend.get(key)) throw alreadyExists(def.group, def.plural, admitted.metadata.name);
      return admitted;
    }
    // Stored in the storage version; reads through other versions relabel apiVersion (no conversion).
    if (def.storageVersion && def.storageVersion !== def.version) admitted.apiVersion = `${def.group}/${def.storageVersion}`;
    try {
      return copyOf(this.backend.create(key, admitted));
    } catch (e) {
      if (e instanceof StorageError && e.code === 'exists') throw alreadyExists(def.group, def.plural, admitted.metadata.name);
      throw e;
    }
  }

  /**
   * Shared update path: `plan` computes the next object from the current entry. Unconditional
   * writes (no resourceVersion given) are retried when a concurrent write wins, as kube's
   * GuaranteedUpdate does; conditional ones get a 409.
   */
  private async guaranteedUpdate(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    opts: WriteOptions,
    plan: (cur: StoredEntry | undefined) => Planned | Promise<Planned>,
  ): Promise<KubeObject> {
    const key = objectKey(def, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const cur = this.backend.get(key);
      const p = await plan(cur);
      if (!cur) return this.storeCreate(def, p.obj, opts);
      const result = await this.finishUpdate(def, cur, p, opts);
      if (result !== 'retry') return result;
      if (p.expectedRv !== undefined || attempt >= 8) throw conflict(def.group, def.plural, name);
    }
  }

  private async finishUpdate(def: ResourceDef, cur: StoredEntry, p: Planned, opts: WriteOptions): Promise<KubeObject | 'retry'> {
    const old = cur.obj as any;
    let next = p.obj;
    const md = next.metadata;
    // A uid in the body is a precondition (as in kube): a write meant for an object that was deleted and
    // recreated under the same name must not land on the new one.
    if (md.uid && old.metadata.uid && md.uid !== old.metadata.uid)
      throw conflict(def.group, def.plural, md.name ?? old.metadata.name, `Precondition failed: UID in precondition: ${md.uid}, UID in object meta: ${old.metadata.uid}`);
    // Server-owned metadata cannot be changed by clients.
    for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
      if (old.metadata[k] === undefined) delete md[k];
      else md[k] = old.metadata[k];
    }
    delete md.selfLink;
    if (old.metadata.deletionTimestamp) {
      const added = ((md.finalizers ?? []) as string[]).filter((f) => !((old.metadata.finalizers ?? []) as string[]).includes(f));
      if (added.length)
        throw invalid(def.group, def.kind, md.name, [
          { type: 'FieldValueForbidden', field: 'metadata.finalizers', detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}` },
        ]);
    }
    if (def.generation && specPart(next, def) !== specPart(old, def)) md.generation = (old.metadata.generation ?? 0) + 1;
    this.validate(def, next, old);
    if (this.admission.has(def.group, def.kind)) {
      next = await this.admit(def, 'UPDATE', next, old, opts);
      this.validate(def, next, old);
    }
    if (def.group === 'apiextensions.k8s.io' && def.kind === 'CustomResourceDefinition') setCrdStatus(next, old, timestamp(this.now()));
    if (def.storageVersion && def.storageVersion !== def.version) next.apiVersion = `${def.group}/${def.storageVersion}`;
    // A no-op write stores nothing and emits no event, as in kube.
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (sameJson(next, old)) return copyOf(cur);
    if (this.backend.get(cur.key)?.rv !== cur.rv) return 'retry';
    if (opts.dryRun) return next;
    // An update that removes the last finalizer completes a deletion, unless a grace period is still running
    // (a terminating pod stays, whatever its kubelet writes, until its final DELETE with grace 0).
    if (next.metadata.deletionTimestamp && this.finalizersDone(def, next) && !(next.metadata.deletionGracePeriodSeconds > 0))
      return copyOf(this.backend.delete(cur.key, cur.rv));
    return copyOf(this.backend.update(cur.key, next, cur.rv));
  }

  /** No finalizer left (Namespaces also wait for spec.finalizers, emptied through /finalize). */
  private finalizersDone(def: ResourceDef, obj: any): boolean {
    if ((obj.metadata.finalizers ?? []).length > 0) return false;
    if (def.group === '' && def.kind === 'Namespace' && (obj.spec?.finalizers ?? []).length > 0) return false;
    return true;
  }

  /** The resourceVersion a client sent, parsed; a 409 body-level check happens against storage. */
  private expectedRv(def: ResourceDef, obj: any, name: string): number | undefined {
    const rv = obj.metadata?.resourceVersion;
    if (rv === undefined || rv === '') return undefined;
    const n = Number(rv);
    if (!Number.isInteger(n) || n <= 0) throw badRequest(`invalid resource version: "${String(rv)}"`);
    void def;
    void name;
    return n;
  }

  /** Merges the parts of `body` a subresource may change into the current object. */
  private scopeToSubresource(def: ResourceDef, cur: any, body: any, sub: string | undefined): any {
    if (sub === 'status') {
      const next = cloneJson(cur);
      if (body.status === undefined) delete next.status;
      else next.status = body.status;
      next.metadata.resourceVersion = body.metadata?.resourceVersion;
      return next;
    }
    if (sub === 'finalize') {
      const next = cloneJson(cur);
      next.spec = { ...(next.spec ?? {}), finalizers: body.spec?.finalizers ?? [] };
      next.metadata.resourceVersion = body.metadata?.resourceVersion;
      return next;
    }
    if (def.statusSubresource) {
      const next = { ...body };
      if (cur.status === undefined) delete next.status;
      else next.status = cur.status;
      return next;
    }
    return body;
  }

  /** PUT of the main resource or of /status (/finalize for namespaces). */
  async update(def: ResourceDef, namespace: string | undefined, name: string, body: unknown, opts: WriteOptions = {}): Promise<KubeObject> {
    const obj = this.checkBody(def, body, opts.bodyOwned);
    if (obj.metadata.name && obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    obj.metadata.name = name;
    this.checkNamespace(def, obj, namespace);
    const expected = this.expectedRv(def, obj, name);
    return this.guaranteedUpdate(def, namespace, name, opts, (cur) => {
      if (!cur) {
        if (!def.allowCreateOnUpdate || opts.subresource) throw notFound(def.group, def.plural, name);
        if (expected !== undefined) throw notFound(def.group, def.plural, name);
        return this.createPlan(def, namespace, obj);
      }
      if (expected === undefined && !def.allowUnconditionalUpdate)
        throw invalid(def.group, def.kind, name, [{ type: 'FieldValueInvalid', field: 'metadata.resourceVersion', raw: '0x0', detail: 'must be specified for an update' }]);
      if (expected !== undefined && expected !== cur.rv) throw conflict(def.group, def.plural, name);
      const next = this.scopeToSubresource(def, cur.obj, obj, opts.subresource);
      return { obj: next, expectedRv: expected };
    });
  }

  /** Server-set fields of a new object (POST, and PUT or apply of a missing object). */
  private prepareCreate(def: ResourceDef, namespace: string | undefined, obj: any): void {
    const md = obj.metadata;
    this.requireNamespace(def, namespace, String(md.name ?? ''));
    md.uid = randomUUID();
    md.creationTimestamp = timestamp(this.now());
    delete md.resourceVersion;
    delete md.deletionTimestamp;
    delete md.deletionGracePeriodSeconds;
    delete md.selfLink;
    if (def.generation) md.generation = 1;
    else delete md.generation;
    if (def.statusSubresource) delete obj.status;
    applyDefaults(def.group, def.kind, obj);
    if (def.group === '' && def.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    if (def.group === '' && def.kind === 'Service' && isObj(obj.spec) && obj.spec.type !== 'ExternalName' && !obj.spec.clusterIP) {
      obj.spec.clusterIP = this.allocateClusterIP();
      obj.spec.clusterIPs = [obj.spec.clusterIP];
    }
  }

  /** The create half of PUT/apply-to-missing. */
  private createPlan(def: ResourceDef, namespace: string | undefined, obj: any): Planned {
    this.prepareCreate(def, namespace, obj);
    return { obj };
  }

  /** PATCH of the main resource or a subresource. */
  async patch(def: ResourceDef, namespace: string | undefined, name: string, type: PatchType, patchBody: unknown, opts: WriteOptions = {}): Promise<KubeObject> {
    if (type === 'strategic' && !def.strategicMerge)
      throw unsupportedMediaType(
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
    if (type === 'apply' && !opts.fieldManager) throw badRequest('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    return this.guaranteedUpdate(def, namespace, name, opts, (cur) => {
      if (!cur) {
        if (type !== 'apply' || opts.subresource) throw notFound(def.group, def.plural, name);
        const obj = this.checkBody(def, patchBody);
        if (obj.metadata.name && obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
        obj.metadata.name = name;
        this.checkNamespace(def, obj, namespace);
        const applied = serverSideApply(undefined, obj, opts.fieldManager!, def.strategicMerge, timestamp(this.now()));
        return this.createPlan(def, namespace, applied);
      }
      const current = JSON.parse(cur.json);
      // Patches see the object in the version of the URL.
      current.apiVersion = groupVersion(def);
      let patched: any;
      switch (type) {
        case 'json':
          patched = jsonPatch(current, patchBody);
          break;
        case 'merge':
          if (!isObj(patchBody)) throw badRequest('merge patch must be a JSON object');
          patched = mergePatch(current, patchBody);
          break;
        case 'strategic':
          if (!isObj(patchBody)) throw badRequest('strategic merge patch must be a JSON object');
          patched = strategicMerge(current, patchBody);
          break;
        case 'apply': {
          const applied = this.checkBody(def, patchBody);
          if (applied.metadata.name && applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
          patched = serverSideApply(current, applied, opts.fieldManager!, def.strategicMerge, timestamp(this.now()));
          break;
        }
      }
      if (!isObj(patched)) throw badRequest('the patch produced an object that is not a JSON object');
      if (patched.kind !== def.kind || patched.apiVersion !== groupVersion(def)) throw badRequest('the patch must not change apiVersion or kind');
      if (!isObj(patched.metadata)) patched.metadata = {};
      if (patched.metadata.name !== name) throw badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
      if (def.namespaced && patched.metadata.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      const sentRv = patched.metadata.resourceVersion;
      const expected = sentRv && sentRv !== current.metadata.resourceVersion ? Number(sentRv) : undefined;
      if (expected !== undefined) throw conflict(def.group, def.plural, name);
      const next = this.scopeToSubresource(def, cur.obj, patched, opts.subresource);
      next.metadata.resourceVersion = current.metadata.resourceVersion;
      return { obj: next };
    });
  }

  /** GET /scale: the autoscaling/v1 Scale view of a resource with a scale subresource. */
  getScale(def: ResourceDef, namespace: string | undefined, name: string): object {
    return this.toScale(def, this.getEntry(def, namespace, name).obj);
  }

  private toScale(def: ResourceDef, obj: any): object {
    const s = def.scale!;
    let selector: string | undefined = s.labelSelectorPath ? getPath(obj, s.labelSelectorPath) : undefined;
    if (!selector && !def.fromCrd && obj.spec?.selector?.matchLabels)
      selector = Object.entries(obj.spec.selector.matchLabels as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
    const status: Record<string, unknown> = { replicas: getPath(obj, s.statusReplicasPath) ?? 0 };
    if (selector) status.selector = selector;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: getPath(obj, s.specReplicasPath) ?? 0 },
      status,
    };
  }

  /** PUT or PATCH of /scale: `change` turns the current Scale into the wanted one. */
  async writeScale(def: ResourceDef, namespace: string | undefined, name: string, change: (scale: any) => any, opts: WriteOptions = {}): Promise<object> {
    const obj = await this.guaranteedUpdate(def, namespace, name, { ...opts, subresource: 'scale' }, (cur) => {
      if (!cur) throw notFound(def.group, def.plural, name);
      const wanted = change(this.toScale(def, cur.obj));
      const replicas = wanted?.spec?.replicas;
      if (!Number.isInteger(replicas) || replicas < 0)
        throw invalid('autoscaling', 'Scale', name, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }]);
      const wantedRv = wanted?.metadata?.resourceVersion;
      if (wantedRv && wantedRv !== String(cur.rv)) throw conflict(def.group, def.plural, name);
      const next = JSON.parse(cur.json);
      next.apiVersion = groupVersion(def);
      setPath(next, def.scale!.specReplicasPath, replicas);
      return { obj: next, expectedRv: wantedRv ? Number(wantedRv) : undefined };
    });
    return this.toScale(def, obj);
  }

  /** DELETE of one object: marks it if finalizers remain, removes it otherwise. */
  async delete(def: ResourceDef, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<{ obj: KubeObject; deleted: boolean }> {
    const key = objectKey(def, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const cur = this.backend.get(key);
      if (!cur) throw notFound(def.group, def.plural, name);
      const old = cur.obj as any;
      const pre = opts.preconditions ?? {};
      if (pre.uid && pre.uid !== old.metadata.uid)
        throw conflict(def.group, def.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
      if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion)
        throw conflict(def.group, def.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
      if (this.admission.has(def.group, def.kind)) await this.admit(def, 'DELETE', undefined, old, { dryRun: opts.dryRun });
      const next = JSON.parse(cur.json);
      const fins: string[] = [...(next.metadata.finalizers ?? [])];
      const policy = opts.propagationPolicy;
      if (policy === 'Foreground' && !fins.includes('foregroundDeletion')) fins.push('foregroundDeletion');
      if (policy === 'Orphan' && !fins.includes('orphan')) fins.push('orphan');
      if (policy === 'Background') {
        const i = fins.indexOf('orphan');
        if (i >= 0) fins.splice(i, 1);
      }
      if (fins.length) next.metadata.finalizers = fins;
      else delete next.metadata.finalizers;
      const isNamespace = def.group === '' && def.kind === 'Namespace';
      const graceful =
        def.group === '' && def.kind === 'Pod' && !!next.spec?.nodeName && opts.gracePeriodSeconds !== 0 && !next.metadata.deletionTimestamp;
      const keep = !this.finalizersDone(def, next) || graceful;
      if (this.backend.get(key)?.rv !== cur.rv) {
        if (attempt < 8) continue;
        throw conflict(def.group, def.plural, name);
      }
      if (!keep) {
        if (def.group === 'apiextensions.k8s.io' && def.kind === 'CustomResourceDefinition' && !opts.dryRun) this.deleteCustomResources(old);
        if (opts.dryRun) return { obj: copyOf(cur), deleted: true };
        return { obj: copyOf(this.backend.delete(key, cur.rv)), deleted: true };
      }
      if (!next.metadata.deletionTimestamp) {
        const wanted = opts.gracePeriodSeconds ?? next.spec?.terminationGracePeriodSeconds ?? 30;
        const grace = graceful ? Math.min(Number.isInteger(wanted) && wanted >= 0 ? wanted : 30, 86400) : 0;
        next.metadata.deletionTimestamp = timestamp(this.now() + grace * 1000);
        next.metadata.deletionGracePeriodSeconds = grace;
        if (next.metadata.generation) next.metadata.generation++;
      } else if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < (next.metadata.deletionGracePeriodSeconds ?? 0)) {
        // A second DELETE may only shorten the grace period (kube's BeforeDelete): e.g. a force delete.
        next.metadata.deletionGracePeriodSeconds = opts.gracePeriodSeconds;
        next.metadata.deletionTimestamp = timestamp(this.now() + opts.gracePeriodSeconds * 1000);
      }
      if (isNamespace) next.status = { ...(next.status ?? {}), phase: 'Terminating' };
      if (sameJson(next, old)) return { obj: copyOf(cur), deleted: false };
      if (opts.dryRun) return { obj: next, deleted: false };
      return { obj: copyOf(this.backend.update(key, next, cur.rv)), deleted: false };
    }
  }

  /** Removes every object of a CRD's resource (kube's customresourcecleanup finalizer). */
  private deleteCustomResources(crd: any): void {
    if (!crd?.spec?.group || !crd?.spec?.names?.plural) return;
    for (const e of this.backend.list(resourcePrefix({ group: crd.spec.group, plural: crd.spec.names.plural }))) this.backend.delete(e.key);
  }

  /** DELETE of a collection: deletes every matching object, returns what was deleted or marked. */
  async deleteCollection(def: ResourceDef, filter: ListFilter, opts: DeleteOptions): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    for (const e of this.list(def, filter, undefined, null).items) {
      try {
        out.push((await this.delete(def, e.obj.metadata.namespace, String(e.obj.metadata.name), opts)).obj);
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return out;
  }

  /** Creates the namespaces every cluster starts with (idempotent). */
  async ensureNamespaces(names: string[]): Promise<void> {
    const def = this.registry.find('', 'v1', 'namespaces')!;
    for (const name of names) {
      if (this.backend.get(objectKey(def, undefined, name))) continue;
      await this.create(def, undefined, { metadata: { name } });
    }
  }

  /** Creates or updates the CRDs shipped with the server when their spec differs from the stored one. */
  async ensureCrds(crds: any[]): Promise<void> {
    const def = this.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    for (const crd of crds) {
      const name = crd?.metadata?.name;
      const cur = this.backend.get(`${crdPrefix}${name}`);
      if (!cur) {
        await this.create(def, undefined, crd);
      } else if (!sameJson((cur.obj as any).spec, crd.spec) || !sameJson(cur.obj.metadata.labels, crd.metadata?.labels)) {
        const next = { ...cloneJson(crd), metadata: { ...crd.metadata, resourceVersion: cur.obj.metadata.resourceVersion } };
        await this.update(def, undefined, name, next);
      }
    }
  }
}
