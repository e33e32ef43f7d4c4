// The embedded Kubernetes-compatible API server: HTTPS on 127.0.0.1, SQLite storage, the built-in
// kinds plus the Knative CRDs from config/crds, and an in-process admission hook point.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AdmissionChain } from './admission.js';
import { loadShippedCrds } from './shipped-crds.js';
import { registerSchemaValidation } from './schema-validation.js';
import { crdPrefix, syncRegistryWithCrds } from './crd-lifecycle.js';
import { loadOrCreateCredentials } from './credentials.js';
import { createHttpHandler } from './http-handler.js';
import { ObjectService } from './object-service.js';
import { ResourceRegistry } from './registry.js';
import { openSqliteBackend, type Backend } from './storage.js';
import { WatchHub } from './watch.js';

export { AdmissionDenied, type AdmissionFunction, type AdmissionRequest, type AdmissionTarget } from './admission.js';
export type { ResourceDef } from './resource-def.js';

/** Options of startApiServer. */
export interface ApiServerOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback address to bind (default 127.0.0.1). */
  host?: string;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
  /** Request body cap (default 3 MiB, as kube). */
  maxBodyBytes?: number;
  /** Directory of CRD YAML installed at start (default: the package's config/crds). */
  crdDir?: string;
  /** BOOKMARK interval on watches (default 60 s). */
  bookmarkIntervalMs?: number;
  /** How often superseded log rows are compacted (default 5 min). */
  compactIntervalMs?: number;
  /** Backup poll interval for `kubectl logs -f` (default 250 ms). */
  logPollMs?: number;
  /** Recent changes kept in memory so watches can resume from a resourceVersion (default 10000). */
  watchHistoryEvents?: number;
}

/** A running server. */
export interface ApiServerHandle {
  url: string;
  port: number;
  caCertPem: string;
  token: string;
  /** In-process access to objects with full API semantics (validation, admission, watch events). */
  store: ObjectService;
  /** Register validating/mutating functions: `admission.register({ group, kind, type }, fn)`. */
  admission: AdmissionChain;
  /** Raw storage, for tests and tools that must bypass API semantics. */
  backend: Backend;
  close(): Promise<void>;
}

/** Namespaces every cluster starts with. */
export const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'knative-serving', 'knative-eventing', 'kourier-system'];

const levels = { error: 0, warn: 1, info: 2, debug: 3 } as const;

/** Starts the server; resolves once it is listening with its CRDs and namespaces in place. */
export async function startApiServer(opts: ApiServerOptions): Promise<ApiServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost') throw new Error(`refusing to bind ${host}: the API server only listens on loopback addresses`);
  const maxLevel = levels[opts.logLevel ?? 'warn'];
  const log = (level: keyof typeof levels, msg: string) => {
    if (levels[level] <= maxLevel) process.stderr.write(`apiserver ${level}: ${msg}\n`);
  };
  const creds = await loadOrCreateCredentials(opts.dataDir, host);
  const backend = openSqliteBackend(opts.dataDir, { historyEvents: opts.watchHistoryEvents });
  const registry = new ResourceRegistry();
  const stopCrdSync = syncRegistryWithCrds(backend, registry);
  const admission = new AdmissionChain();
  const store = new ObjectService(backend, registry, admission);
  const hub = new WatchHub(store);
  // Registered before any other admission function, so a wrong type is refused before the webhooks run.
  registerSchemaValidation(admission, loadShippedCrds(opts.crdDir), (n) => backend.get(`${crdPrefix}${n}`)?.obj);
  try {
    await store.ensureNamespaces(initialNamespaces);
    await store.ensureCrds(loadShippedCrds(opts.crdDir));
  } catch (e) {
    hub.close();
    stopCrdSync();
    backend.close();
    throw e;
  }
  let port = 0;
  const handler = createHttpHandler(store, hub, {
    token: creds.token,
    dataDir: opts.dataDir,
    maxBodyBytes: opts.maxBodyBytes ?? 3 * 1024 * 1024,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
    defaultWatchTimeoutSeconds: 1800,
    logPollMs: opts.logPollMs ?? 250,
    serverAddress: () => `${host}:${port}`,
    log,
  });
  const server = createServer({ key: creds.keyPem, cert: creds.certPem, keepAliveTimeout: 30_000 }, handler);
  server.requestTimeout = 0;
  server.on('clientError', (err, socket) => {
    log('debug', `client error: ${err.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const compactTimer = setInterval(() => {
    try {
      backend.compact();
    } catch (e) {
      log('warn', `compaction failed: ${(e as Error).message}`);
    }
  }, opts.compactIntervalMs ?? 300_000);
  compactTimer.unref();
  let closing: Promise<void> | undefined;
  return {
    url: `https://${host}:${port}`,
    port,
    caCertPem: creds.caCertPem,
    token: creds.token,
    store,
    admission,
    backend,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(compactTimer);
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => {
        hub.close();
        stopCrdSync();
        backend.close();
      });
      return closing;
    },
  };
}

/** A kubeconfig (as a plain object, ready to serialize) for a running server. */
export function kubeconfigFor(handle: Pick<ApiServerHandle, 'url' | 'caCertPem' | 'token'>, contextName: string, namespace?: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: contextName, cluster: { server: handle.url, 'certificate-authority-data': Buffer.from(handle.caCertPem).toString('base64') } }],
    users: [{ name: contextName, user: { token: handle.token } }],
    contexts: [{ name: contextName, context: { cluster: contextName, user: contextName, ...(namespace ? { namespace } : {}) } }],
    'current-context': contextName,
    preferences: {},
  };
}
