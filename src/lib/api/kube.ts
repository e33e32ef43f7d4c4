// One connection to a cluster (kubeconfig + HTTP options), shared by every API-group client.
// This is the only module, with kube-resource-client.ts and kubeconfig.ts, that imports
// @kubernetes/client-node at run time; commands reach it through a dynamic import so `kn --help`
// never loads it.
//
// Requests go through client-node's own HTTP stack (server configuration, KubeConfig auth, its
// fetch library, ApiException) but not through its generated API classes: those deserialize via
// an ObjectSerializer that imports every model (~700 modules, ~3.7 MB bundled), which dominated
// `kn service list` start-up. Knative resources are custom objects, returned as plain JSON anyway.
// Modules are imported by path (not the package index) so the bundle keeps only what is used.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { ApiException } from '@kubernetes/client-node/dist/gen/apis/exception.js';
import { HttpMethod, ResponseContext, type RequestContext } from '@kubernetes/client-node/dist/gen/http/http.js';
import { IsomorphicFetchHttpLibrary } from '@kubernetes/client-node/dist/gen/http/isomorphic-fetch.js';
import type { PromiseMiddleware } from '@kubernetes/client-node/dist/gen/middleware.js';
import { ServerConfiguration } from '@kubernetes/client-node/dist/gen/servers.js';
import { contextNamespace, loadKubeConfig, type KubeconfigOptions } from './kubeconfig.js';

/** Everything needed to open a connection. */
export interface ConnectOptions extends KubeconfigOptions {
  /** Dump requests/responses to this sink (stderr in the CLI); Authorization is redacted. */
  logHttp?: (line: string) => void;
  /** Impersonation (kubectl --as/--as-group/--as-uid). */
  as?: string;
  asGroups?: string[];
  asUid?: string;
}

/** One API request: path below the server URL, query parameters, JSON body. */
export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | boolean | undefined>;
  body?: unknown;
}

/** A live connection: kubeconfig, request function and the context namespace. */
export interface KubeConnection {
  readonly kc: KubeConfig;
  readonly server: string;
  /**
   * Sends a request; resolves with the parsed JSON body of a 2xx answer, rejects with client-node's
   * ApiException (code, body) otherwise, or with the transport error.
   */
  request<T>(req: KubeRequest): Promise<T>;
  /** Namespace of the kubeconfig context, if set. */
  readonly contextNamespace?: string;
  readonly logHttp?: (line: string) => void;
}

/** Opens a connection (no network I/O happens until the first request). */
export function connect(opts: ConnectOptions): KubeConnection {
  const kc = loadKubeConfig(opts);
  const cluster = kc.getCurrentCluster();
  const server = cluster?.server ?? '';
  const middleware: PromiseMiddleware[] = [];
  const headers = impersonationHeaders(opts);
  if (Object.keys(headers).length > 0) middleware.push(headerMiddleware(headers));
  if (opts.logHttp) middleware.push(httpLogMiddleware(opts.logHttp));
  const baseServer = new ServerConfiguration<Record<string, string>>(server, {});
  const httpApi = new IsomorphicFetchHttpLibrary();

  // The same pipeline as client-node's generated APIs: context, auth, middleware, send, middleware.
  async function request<T>(req: KubeRequest): Promise<T> {
    let ctx = baseServer.makeRequestContext(req.path, HttpMethod[req.method]);
    ctx.setHeaderParam('Accept', 'application/json, */*;q=0.8');
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) ctx.setQueryParam(k, String(v));
    if (req.body !== undefined) {
      ctx.setHeaderParam('Content-Type', 'application/json');
      ctx.setBody(JSON.stringify(req.body));
    }
    await kc.applySecurityAuthentication(ctx);
    for (const m of middleware) ctx = await m.pre(ctx);
    let res = await httpApi.send(ctx).toPromise();
    for (const m of [...middleware].reverse()) res = await m.post(res);
    const text = await res.body.text();
    if (res.httpStatusCode >= 200 && res.httpStatusCode <= 299) return (text === '' ? undefined : JSON.parse(text)) as T;
    // As the generated APIs do: a 401 carries no body, other failures the body as text.
    throw new ApiException(res.httpStatusCode, res.httpStatusCode === 401 ? 'Unauthorized' : 'Unknown API Status Code!', res.httpStatusCode === 401 ? undefined : text, res.headers);
  }

  return { kc, server, request, contextNamespace: contextNamespace(kc), logHttp: opts.logHttp };
}

function impersonationHeaders(opts: ConnectOptions): Record<string, string> {
  const h: Record<string, string> = {};
  if (opts.as) h['Impersonate-User'] = opts.as;
  if (opts.asUid) h['Impersonate-Uid'] = opts.asUid;
  // Only one value per header fits this middleware; several groups are joined (server splits on ',').
  if (opts.asGroups && opts.asGroups.length > 0) h['Impersonate-Group'] = opts.asGroups.join(',');
  return h;
}

function headerMiddleware(headers: Record<string, string>): PromiseMiddleware {
  return {
    async pre(ctx: RequestContext) {
      for (const [k, v] of Object.entries(headers)) ctx.setHeaderParam(k, v);
      return ctx;
    },
    async post(ctx: ResponseContext) {
      return ctx;
    },
  };
}

/** Redacts credentials before headers are printed. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = /^authorization$/i.test(k) ? '[REDACTED]' : v;
  return out;
}

function httpLogMiddleware(log: (line: string) => void): PromiseMiddleware {
  return {
    async pre(ctx: RequestContext) {
      log(`===== REQUEST =====\n${ctx.getHttpMethod()} ${ctx.getUrl()}`);
      for (const [k, v] of Object.entries(redactHeaders(ctx.getHeaders()))) log(`${k}: ${v}`);
      const body = ctx.getBody();
      if (typeof body === 'string' && body !== '') log(body);
      return ctx;
    },
    async post(ctx: ResponseContext) {
      // Reading the body consumes it: hand the next stage a replayable copy.
      const text = await ctx.body.text();
      log(`===== RESPONSE =====\nHTTP ${ctx.httpStatusCode}`);
      for (const [k, v] of Object.entries(redactHeaders(ctx.headers))) log(`${k}: ${v}`);
      if (text !== '') log(text);
      return new ResponseContext(ctx.httpStatusCode, ctx.headers, {
        text: () => Promise.resolve(text),
        binary: () => Promise.resolve(Buffer.from(text)),
      });
    },
  };
}
