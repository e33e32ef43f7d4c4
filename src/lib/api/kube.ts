// One connection to a cluster (kubeconfig + HTTP options), shared by every API-group client.
// This is the only module, with kube-resource-client.ts, that imports @kubernetes/client-node at
// run time; commands reach it through a dynamic import so `kn --help` never loads it.
import {
  CustomObjectsApi,
  KubeConfig,
  ResponseContext,
  ServerConfiguration,
  createConfiguration,
  type Middleware as PromiseMiddleware,
  type RequestContext,
} from '@kubernetes/client-node';
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

/** A live connection: kubeconfig, typed API factory and the context namespace. */
export interface KubeConnection {
  readonly kc: KubeConfig;
  readonly server: string;
  readonly customObjects: CustomObjectsApi;
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
  const config = createConfiguration({
    baseServer: new ServerConfiguration(server, {}),
    authMethods: { default: kc },
    promiseMiddleware: middleware,
  });
  return {
    kc,
    server,
    customObjects: new CustomObjectsApi(config),
    contextNamespace: contextNamespace(kc),
    logHttp: opts.logHttp,
  };
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
