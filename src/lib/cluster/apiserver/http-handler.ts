// The HTTP face of the API server: authentication, routing of kube's URL space, query parameters,
// content negotiation (JSON, Table) and watch streams. All semantics live in ObjectService.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeBody, mediaType, readBody } from './body.js';
import { bearerMatches } from './credentials.js';
import { crdPrefix } from './crd-lifecycle.js';
import { coreVersions, groupInfo, groupList, resourceList, serverVersion } from './discovery.js';
import { ApiError, badRequest, internalError, methodNotAllowed, unauthorized, unknownResource } from './errors.js';
import { storedJsonOf, type DeleteOptions, type ObjectService, type PatchType, type WriteOptions } from './object-service.js';
import { openApiGroupVersion, openApiRoot, openApiV2, parseOpenApiPath } from './openapi.js';
import { jsonPatch, mergePatch } from './patch.js';
import { servePodLog } from './pod-log.js';
import { parseResourcePath, type ResourcePath } from './request-info.js';
import { groupVersion, objectKey, type ResourceDef } from './resource-def.js';
import type { KubeObject, StoredEntry } from './storage.js';
import { parseIncludeObject, toTable, wantsTable, type IncludeObject } from './table.js';
import type { WatchHub } from './watch.js';

/** Settings of the HTTP layer. */
export interface HttpHandlerConfig {
  token: string;
  dataDir: string;
  maxBodyBytes: number;
  /** Interval of BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs: number;
  /** Watch duration when the client gives no timeoutSeconds. */
  defaultWatchTimeoutSeconds: number;
  /** Backup poll interval for following pod logs. */
  logPollMs: number;
  serverAddress: () => string;
  log: (level: 'error' | 'warn' | 'info' | 'debug', msg: string) => void;
}

const patchTypes: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version']);

/**
 * Who a request acts as: the impersonated user (kubectl/kn --as), else the one identity our bearer
 * token stands for, named like the admin of a kind cluster.
 */
export const ADMIN_USER = 'kubernetes-admin';
function requestUser(req: IncomingMessage): string {
  const as = req.headers['impersonate-user'];
  return (Array.isArray(as) ? as[0] : as) || ADMIN_USER;
}

function sendJson(res: ServerResponse, code: number, body: string | object): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // After a refused body the client may still be sending; do not reuse the connection.
  if (e.code === 413) res.setHeader('Connection', 'close');
  sendJson(res, e.code, e.toStatus());
}

/** Renders an object as the URL's version sees it (multi-version CRDs share one stored form). */
function objectJson(def: ResourceDef, obj: KubeObject, json?: string): string {
  const gv = groupVersion(def);
  // A write's result is a fresh parse of the stored text: send that text rather than serialize again.
  if (obj.apiVersion === gv) return json ?? storedJsonOf(obj) ?? JSON.stringify(obj);
  return JSON.stringify({ ...obj, apiVersion: gv });
}

/**
 * Path and query of a request target. The common case (a plain absolute path) is split by hand;
 * anything unusual (dot segments, backslashes, characters URL would escape) goes through URL so
 * that its normalisation still applies.
 */
const plainTarget = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%\/]*$/;
function splitTarget(target: string): { path: string; q: URLSearchParams } {
  const qi = target.indexOf('?');
  const rawPath = qi < 0 ? target : target.slice(0, qi);
  if (plainTarget.test(rawPath) && !rawPath.startsWith('//') && !rawPath.includes('/.') && !rawPath.includes('%2e') && !rawPath.includes('%2E')) {
    const query = qi < 0 ? '' : target.slice(qi + 1);
    const hash = query.indexOf('#');
    return { path: rawPath, q: new URLSearchParams(hash < 0 ? query : query.slice(0, hash)) };
  }
  const url = new URL(target, 'https://localhost');
  return { path: url.pathname, q: url.searchParams };
}

function entryJson(def: ResourceDef, e: StoredEntry): string {
  return objectJson(def, e.obj, e.json);
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid value for ${name}: "${v}"`);
  return n;
}

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === 'true' || v === '1';
}

function dryRunParam(q: URLSearchParams): boolean {
  const vals = q.getAll('dryRun');
  for (const v of vals) if (v !== 'All') throw badRequest(`Invalid dry run value: ${v}`);
  return vals.length > 0;
}

/** Builds the request handler of one server. */
export function createHttpHandler(service: ObjectService, hub: WatchHub, cfg: HttpHandlerConfig): (req: IncomingMessage, res: ServerResponse) => void {
  const registry = service.registry;

  async function handleResource(req: IncomingMessage, res: ServerResponse, rp: ResourcePath, q: URLSearchParams): Promise<void> {
    const def = registry.find(rp.group, rp.version, rp.resource);
    if (!def) throw unknownResource();
    const namespace = def.namespaced ? rp.namespace : undefined;
    // A namespaced resource listed without /namespaces/<ns>/ means all namespaces; a name needs one.
    if (def.namespaced && rp.name !== undefined && !namespace) throw unknownResource();
    if (!def.namespaced && rp.namespace !== undefined && !(def.group === '' && def.plural === 'namespaces')) throw unknownResource();
    const name = rp.name;
    const sub = rp.subresource;
    if (sub !== undefined) {
      const ok =
        (sub === 'status' && def.statusSubresource) ||
        (sub === 'scale' && !!def.scale) ||
        (sub === 'log' && !!def.logSubresource) ||
        (sub === 'finalize' && def.group === '' && def.kind === 'Namespace');
      if (!ok) throw unknownResource();
    }
    const method = req.method ?? 'GET';
    const accept = req.headers.accept;
    const table = wantsTable(accept);
    const include: IncludeObject = parseIncludeObject(q.get('includeObject'));

    const sendObject = (code: number, obj: KubeObject) => {
      if (table) sendJson(res, code, toTable(def, [obj], { resourceVersion: obj.metadata.resourceVersion }, include));
      else sendJson(res, code, objectJson(def, obj));
    };

    if (method === 'GET') {
      const watching = rp.watchPath || boolParam(q, 'watch');
      if (name === undefined) {
        const filter = service.parseFilter(def, namespace, q.get('labelSelector'), q.get('fieldSelector'));
        if (watching) return startWatch(req, res, def, filter, q, table, include);
        const page = service.list(def, filter, intParam(q, 'limit'), q.get('continue'));
        const meta: Record<string, unknown> = { resourceVersion: page.resourceVersion };
        if (page.continue) meta.continue = page.continue;
        if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
        if (table) return sendJson(res, 200, toTable(def, page.items.map((e) => e.obj), meta, include));
        const head = `{"kind":${JSON.stringify(def.listKind)},"apiVersion":${JSON.stringify(groupVersion(def))},"metadata":${JSON.stringify(meta)},"items":[`;
        return sendJson(res, 200, head + page.items.map((e) => entryJson(def, e)).join(',') + ']}');
      }
      if (watching) {
        const filter = service.parseFilter(def, namespace, q.get('labelSelector'), `metadata.name=${name}`);
        return startWatch(req, res, def, filter, q, table, include);
      }
      if (sub === 'scale') return sendJson(res, 200, service.getScale(def, namespace, name));
      const entry = service.getEntry(def, namespace, name);
      if (sub === 'log') {
        servePodLog(
          cfg.dataDir,
          service.backend,
          entry.key,
          entry.obj,
          { container: q.get('container') ?? undefined, follow: boolParam(q, 'follow'), tailLines: intParam(q, 'tailLines'), limitBytes: intParam(q, 'limitBytes') },
          res,
          cfg.logPollMs,
        );
        return;
      }
      if (table) return sendJson(res, 200, toTable(def, [entry.obj], { resourceVersion: String(entry.rv) }, include));
      return sendJson(res, 200, entryJson(def, entry));
    }

    const opts: WriteOptions = {
      dryRun: dryRunParam(q),
      fieldManager: q.get('fieldManager') ?? undefined,
      force: boolParam(q, 'force'),
      subresource: sub,
      user: requestUser(req),
      // The decoded request body belongs to this request alone: no defensive copy needed.
      bodyOwned: true,
    };
    if (sub === 'log') throw methodNotAllowed();

    if (method === 'POST') {
      if (name !== undefined) throw methodNotAllowed();
      const body = decodeBody(await readBody(req, cfg.maxBodyBytes), req.headers['content-type']);
      return sendObject(201, await service.create(def, namespace, body, opts));
    }
    if (method === 'PUT') {
      if (name === undefined) throw methodNotAllowed();
      const body = decodeBody(await readBody(req, cfg.maxBodyBytes), req.headers['content-type']);
      if (sub === 'scale') return sendJson(res, 200, await service.writeScale(def, namespace, name, () => body, opts));
      const existed = !!service.backend.get(objectKey(def, namespace, name));
      return sendObject(existed ? 200 : 201, await service.update(def, namespace, name, body, opts));
    }
    if (method === 'PATCH') {
      if (name === undefined) throw methodNotAllowed();
      const type = patchTypes[mediaType(req.headers['content-type'])];
      if (!type)
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml${def.strategicMerge ? ', application/strategic-merge-patch+json' : ''}`,
        );
      const body = decodeBody(await readBody(req, cfg.maxBodyBytes), req.headers['content-type']);
      if (sub === 'scale') {
        return sendJson(
          res,
          200,
          await service.writeScale(def, namespace, name, (scale) => (type === 'json' ? jsonPatch(scale, body) : mergePatch(scale, body)), opts),
        );
      }
      const existed = !!service.backend.get(objectKey(def, namespace, name));
      return sendObject(existed ? 200 : 201, await service.patch(def, namespace, name, type, body, opts));
    }
    if (method === 'DELETE') {
      if (sub !== undefined) throw methodNotAllowed();
      const raw = await readBody(req, cfg.maxBodyBytes);
      const bodyOpts = (raw.length ? decodeBody(raw, req.headers['content-type'] || 'application/json') : {}) as Record<string, any>;
      const del: DeleteOptions = {
        propagationPolicy: q.get('propagationPolicy') ?? bodyOpts.propagationPolicy,
        gracePeriodSeconds: intParam(q, 'gracePeriodSeconds') ?? bodyOpts.gracePeriodSeconds,
        preconditions: bodyOpts.preconditions,
        dryRun: opts.dryRun || (Array.isArray(bodyOpts.dryRun) && bodyOpts.dryRun.includes('All')),
      };
      if (del.gracePeriodSeconds !== undefined && (!Number.isInteger(del.gracePeriodSeconds) || del.gracePeriodSeconds < 0))
        throw badRequest(`invalid gracePeriodSeconds: ${JSON.stringify(del.gracePeriodSeconds)}`);
      const pre = del.preconditions as unknown;
      if (pre !== undefined && pre !== null && (typeof pre !== 'object' || Array.isArray(pre))) throw badRequest('preconditions must be an object');
      if (del.propagationPolicy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(del.propagationPolicy))
        throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${del.propagationPolicy}": supported values: "Foreground", "Background", "Orphan"`);
      if (name === undefined) {
        const filter = service.parseFilter(def, namespace, q.get('labelSelector'), q.get('fieldSelector'));
        const items = await service.deleteCollection(def, filter, del);
        const text = `{"kind":${JSON.stringify(def.listKind)},"apiVersion":${JSON.stringify(groupVersion(def))},"metadata":{"resourceVersion":"${service.backend.revision()}"},"items":[${items.map((o) => objectJson(def, o)).join(',')}]}`;
        return sendJson(res, 200, text);
      }
      const r = await service.delete(def, namespace, name, del);
      if (!r.deleted || def.fromCrd || def.kind === 'Pod') return sendObject(200, r.obj);
      return sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: def.group || undefined, kind: def.plural, uid: r.obj.metadata.uid },
      });
    }
    throw methodNotAllowed();
  }

  // The last watch event line encoded, with what it was encoded for (see emit in startWatch).
  let lastEvent: { entry?: StoredEntry; type?: string; def?: ResourceDef; line: Buffer } = { line: Buffer.alloc(0) };

  function startWatch(req: IncomingMessage, res: ServerResponse, def: ResourceDef, filter: ReturnType<ObjectService['parseFilter']>, q: URLSearchParams, table: boolean, include: IncludeObject): void {
    const rvParam = q.get('resourceVersion');
    const bookmarks = boolParam(q, 'allowWatchBookmarks');
    const initialEvents = boolParam(q, 'sendInitialEvents');
    const timeout = intParam(q, 'timeoutSeconds') ?? cfg.defaultWatchTimeoutSeconds;
    const start = !rvParam || rvParam === '0' || initialEvents ? ({ kind: 'current' } as const) : ({ kind: 'after', rv: Number(rvParam) } as const);
    if (start.kind === 'after' && !Number.isInteger(start.rv)) throw badRequest(`invalid resource version: "${rvParam}"`);
    let closed = false;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    // Clients (client-node) consider the watch established once headers arrive, before any event.
    res.flushHeaders();
    const write = (line: string | Buffer) => {
      if (closed) return;
      res.write(line);
      // A client that stops reading does not get to grow our memory without bound.
      if (res.writableLength > 16 * 1024 * 1024) stop();
    };
    const emit = (type: string, e: StoredEntry) => {
      // Tables carry ages, so each is rendered when sent.
      if (table) return write(`{"type":"${type}","object":${JSON.stringify(toTable(def, [e.obj], { resourceVersion: String(e.rv) }, include))}}\n`);
      // One write reaches every watcher of the resource in turn: encode its line once for all of them.
      const c = lastEvent;
      if (c.entry === e && c.type === type && c.def === def) return write(c.line);
      const line = Buffer.from(`{"type":"${type}","object":${entryJson(def, e)}}\n`);
      lastEvent = { entry: e, type, def, line };
      write(line);
    };
    const bookmark = (annotations?: Record<string, string>) => {
      const md: Record<string, unknown> = { resourceVersion: String(service.backend.revision()) };
      if (annotations) md.annotations = annotations;
      write(`{"type":"BOOKMARK","object":${JSON.stringify({ kind: def.kind, apiVersion: groupVersion(def), metadata: md })}}\n`);
    };
    let unwatch: (() => void) | undefined;
    let bookmarkTimer: NodeJS.Timeout | undefined;
    const timeoutTimer = setTimeout(() => stop(), timeout * 1000);
    function stop(): void {
      if (closed) return;
      closed = true;
      unwatch?.();
      clearTimeout(timeoutTimer);
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      if (!res.writableEnded) res.end();
    }
    req.on('close', stop);
    res.on('close', stop);
    try {
      unwatch = hub.watch(def, filter, start, emit);
      if (initialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
    } catch (e) {
      const err = e instanceof ApiError ? e : internalError((e as Error).message);
      write(`{"type":"ERROR","object":${JSON.stringify(err.toStatus())}}\n`);
      stop();
      return;
    }
    if (bookmarks) {
      bookmarkTimer = setInterval(() => bookmark(), cfg.bookmarkIntervalMs);
      bookmarkTimer.unref();
    }
    timeoutTimer.unref();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = splitTarget(req.url ?? '/');
    const path = target.path.length > 1 && target.path.endsWith('/') ? target.path.replace(/\/+$/, '') : target.path;
    const q = target.q;
    if (!publicPaths.has(path) && !path.startsWith('/healthz/') && !path.startsWith('/livez/') && !path.startsWith('/readyz/')) {
      if (!bearerMatches(req.headers.authorization, cfg.token)) throw unauthorized();
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz' || /^\/(healthz|livez|readyz)\//.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('ok');
      return;
    }
    const rp = parseResourcePath(path);
    if (rp) return handleResource(req, res, rp, q);
    if (req.method !== 'GET') throw methodNotAllowed();
    if (path === '/version') return sendJson(res, 200, serverVersion);
    if (path === '/api') return sendJson(res, 200, coreVersions(cfg.serverAddress()));
    if (path === '/apis') return sendJson(res, 200, groupList(registry));
    if (path === '/openapi/v2') {
      const { contentType, body } = openApiV2(req.headers.accept, serverVersion.gitVersion);
      res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
      res.end(body);
      return;
    }
    if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot(registry));
    if (path.startsWith('/openapi/v3/')) {
      const gv = parseOpenApiPath(path);
      const doc = gv && openApiGroupVersion(registry, gv.group, gv.version, (n) => service.backend.get(`${crdPrefix}${n}`)?.obj);
      if (!doc) throw unknownResource();
      return sendJson(res, 200, doc);
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) {
      const doc = resourceList(registry, '', parts[1]);
      if (doc) return sendJson(res, 200, doc);
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const doc = groupInfo(registry, parts[1]);
      if (doc) return sendJson(res, 200, doc);
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const doc = resourceList(registry, parts[1], parts[2]);
      if (doc) return sendJson(res, 200, doc);
    }
    throw unknownResource();
  }

  return (req, res) => {
    const started = Date.now();
    // A client vanishing mid-request must never surface as an unhandled 'error' event.
    req.on('error', (e) => cfg.log('debug', `request error: ${e.message}`));
    res.on('error', (e) => cfg.log('debug', `response error: ${e.message}`));
    route(req, res)
      .catch((e: unknown) => {
        if (e instanceof ApiError) return sendError(res, e);
        cfg.log('error', `${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
        sendError(res, internalError((e as Error)?.message ?? String(e)));
      })
      .finally(() => cfg.log('debug', `${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
  };
}
