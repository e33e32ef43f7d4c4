// KubeClient over HTTP(S) using the server, TLS material and auth headers of a client-node KubeConfig.
// Raw requests rather than client-node's typed APIs: one generic path for every group/version/plural.
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { DeleteOptions, KubeClient, ListOptions, ListResult, WatchEvent, WatchHandle, WatchOptions } from './client.js';
import { ApiError } from './errors.js';
import type { KubeObject } from './objects.js';
import { apiVersionOf, resourcePath, type ResourceRef } from './resources.js';

// Answers larger than this are refused, so a misbehaving server cannot exhaust memory.
const MAX_BODY_BYTES = 64 * 1024 * 1024;
// Idle time after which a non-watch request is abandoned.
const REQUEST_TIMEOUT_MS = 60_000;

interface Connection {
  base: URL;
  agent: http.Agent;
  headers: Record<string, string>;
}

/** Creates a KubeClient for the current context of `kc`. */
export function createKubeClient(kc: KubeConfig): KubeClient {
  return new HttpKubeClient(kc);
}

class HttpKubeClient implements KubeClient {
  private agent: http.Agent | undefined;

  constructor(private readonly kc: KubeConfig) {}

  // Auth headers are recomputed per request (tokens may rotate); the keep-alive agent is made once.
  private async connection(): Promise<Connection> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new ApiError(0, 'NoCluster', 'no current cluster in kubeconfig');
    const opts: https.RequestOptions & { headers?: Record<string, string> } = {};
    await this.kc.applyToHTTPSOptions(opts);
    const base = new URL(cluster.server);
    if (!this.agent) {
      this.agent =
        base.protocol === 'https:'
          ? new https.Agent({
              keepAlive: true,
              ca: opts.ca,
              cert: opts.cert,
              key: opts.key,
              rejectUnauthorized: !cluster.skipTLSVerify,
              servername: cluster.tlsServerName,
            })
          : new http.Agent({ keepAlive: true });
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k] = String(v);
    if (opts.auth) headers.Authorization = 'Basic ' + Buffer.from(opts.auth).toString('base64');
    return { base, agent: this.agent, headers };
  }

  private url(base: URL, path: string, query: Record<string, string | undefined> = {}): URL {
    const url = new URL(base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, v);
    return url;
  }

  private async request<T>(method: string, path: string, body?: unknown, query?: Record<string, string | undefined>, contentType = 'application/json'): Promise<T> {
    const conn = await this.connection();
    const url = this.url(conn.base, path, query);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise<T>((resolve, reject) => {
      const req = mod.request(url, {
        method,
        agent: conn.agent,
        headers: {
          ...conn.headers,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': contentType, 'Content-Length': String(payload.length) } : {}),
        },
      });
      req.on('error', (err) => reject(new ApiError(0, 'ConnectionError', err.message)));
      // A hung server must not hang a reconcile worker forever.
      req.setTimeout(REQUEST_TIMEOUT_MS, () => {
        req.destroy();
        reject(new ApiError(0, 'Timeout', `${method} ${path} timed out after ${REQUEST_TIMEOUT_MS} ms`));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy();
            reject(new ApiError(0, 'BodyTooLarge', `response of ${method} ${path} exceeds ${MAX_BODY_BYTES} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('error', (err) => reject(new ApiError(0, 'ConnectionError', err.message)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(parsed as T);
          else reject(toApiError(status, parsed, `${method} ${path}`));
        });
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  async get<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T> {
    return withTypeMeta(ref, await this.request<T>('GET', resourcePath(ref, namespace, name)));
  }

  async list<T extends KubeObject>(ref: ResourceRef, namespace?: string, opts: ListOptions = {}): Promise<ListResult<T>> {
    const res = await this.request<{ items?: T[]; metadata?: { resourceVersion?: string } }>('GET', resourcePath(ref, namespace), undefined, {
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    return { items: (res.items ?? []).map((o) => withTypeMeta(ref, o)), resourceVersion: res.metadata?.resourceVersion ?? '' };
  }

  async create<T extends KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    const body = withTypeMeta(ref, { ...obj });
    return withTypeMeta(ref, await this.request<T>('POST', resourcePath(ref, obj.metadata?.namespace), body));
  }

  async update<T extends KubeObject>(ref: ResourceRef, obj: T, subresource?: string): Promise<T> {
    const path = resourcePath(ref, obj.metadata?.namespace, obj.metadata?.name ?? '', subresource);
    return withTypeMeta(ref, await this.request<T>('PUT', path, withTypeMeta(ref, { ...obj })));
  }

  async updateStatus<T extends KubeObject>(ref: ResourceRef, obj: T): Promise<T> {
    const path = resourcePath(ref, obj.metadata?.namespace, obj.metadata?.name ?? '', 'status');
    return withTypeMeta(ref, await this.request<T>('PUT', path, withTypeMeta(ref, { ...obj })));
  }

  async patch<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string, patch: unknown, subresource?: 'status'): Promise<T> {
    const path = resourcePath(ref, namespace, name, subresource);
    return withTypeMeta(ref, await this.request<T>('PATCH', path, patch, undefined, 'application/merge-patch+json'));
  }

  async delete(ref: ResourceRef, namespace: string, name: string, opts: DeleteOptions = {}): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...opts };
    await this.request<unknown>('DELETE', resourcePath(ref, namespace, name), body);
  }

  async discover(): Promise<ResourceRef[]> {
    type ResourceList = { resources?: { name: string; namespaced: boolean; kind: string; verbs?: string[] }[] };
    type GroupList = { groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[] };
    const out: ResourceRef[] = [];
    const add = (group: string, version: string, list: ResourceList) => {
      for (const r of list.resources ?? []) {
        const verbs = r.verbs ?? [];
        if (r.name.includes('/') || !['list', 'watch', 'delete'].every((v) => verbs.includes(v))) continue;
        out.push({ group, version, plural: r.name, kind: r.kind, namespaced: r.namespaced });
      }
    };
    add('', 'v1', await this.request<ResourceList>('GET', '/api/v1'));
    const groups = await this.request<GroupList>('GET', '/apis');
    await Promise.all(
      (groups.groups ?? []).map(async (g) => {
        const version = g.preferredVersion?.version ?? g.versions?.[0]?.version;
        if (!version) return;
        try {
          add(g.name, version, await this.request<ResourceList>('GET', `/apis/${g.name}/${version}`));
        } catch {
          // A group whose discovery fails (e.g. an aggregated API that is down) is skipped.
        }
      }),
    );
    return out;
  }

  watch<T extends KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (err?: Error) => void,
  ): WatchHandle {
    let stopped = false;
    let closed = false;
    let req: http.ClientRequest | undefined;
    const close = (err?: Error): void => {
      if (closed) return;
      closed = true;
      req?.destroy();
      if (!stopped) onClose(err);
    };
    this.connection().then(
      (conn) => {
        if (stopped) return;
        const url = this.url(conn.base, resourcePath(ref, namespace), {
          watch: 'true',
          allowWatchBookmarks: 'true',
          resourceVersion: opts.resourceVersion,
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
          timeoutSeconds: opts.timeoutSeconds === undefined ? undefined : String(opts.timeoutSeconds),
        });
        const mod = url.protocol === 'https:' ? https : http;
        // A watch holds its socket for minutes: keep it off the shared keep-alive pool.
        req = mod.request(url, { method: 'GET', agent: false, ...agentTls(conn.agent), headers: { ...conn.headers, Accept: 'application/json' } });
        req.on('error', (err) => close(new ApiError(0, 'ConnectionError', err.message)));
        req.on('response', (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              let parsed: unknown;
              try {
                parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              } catch {
                parsed = undefined;
              }
              close(toApiError(status, parsed, `watch ${ref.plural}`));
            });
            return;
          }
          const lines = createInterface({ input: res, crlfDelay: Infinity });
          lines.on('line', (line) => {
            if (closed || !line.trim()) return;
            let event: WatchEvent<T>;
            try {
              event = JSON.parse(line) as WatchEvent<T>;
            } catch {
              return;
            }
            if (event.type === 'ERROR') {
              const st = event.object as unknown as { code?: number };
              close(toApiError(st.code ?? 500, event.object, `watch ${ref.plural}`));
              return;
            }
            if (event.type !== 'BOOKMARK') withTypeMeta(ref, event.object);
            onEvent(event);
          });
          // readline re-emits stream errors (e.g. the server going away); unhandled they would crash us.
          lines.on('error', (err) => close(err));
          res.on('error', (err) => close(err));
          res.on('close', () => close());
        });
        req.end();
      },
      (err: Error) => close(err),
    );
    return {
      stop: () => {
        stopped = true;
        close();
      },
    };
  }
}

// TLS options of the shared agent, reused by watch requests that bypass the pool.
function agentTls(agent: http.Agent): https.RequestOptions {
  const o = (agent as https.Agent).options ?? {};
  return { ca: o.ca, cert: o.cert, key: o.key, rejectUnauthorized: o.rejectUnauthorized, servername: o.servername };
}

function withTypeMeta<T extends KubeObject>(ref: ResourceRef, obj: T): T {
  if (obj && typeof obj === 'object') {
    obj.apiVersion ??= apiVersionOf(ref);
    obj.kind ??= ref.kind;
  }
  return obj;
}

function toApiError(status: number, body: unknown, what: string): ApiError {
  const st = (body && typeof body === 'object' ? body : {}) as { reason?: string; message?: string; code?: number };
  const code = st.code ?? status;
  return new ApiError(code, st.reason ?? String(code), st.message ?? `${what} failed with HTTP ${status}`, body);
}
