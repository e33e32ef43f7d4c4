// Merges one context into a kubeconfig file without touching the others, the way
// `kind` and `minikube` do: write to a temp file with mode 0600, then rename over the original,
// so a crash never leaves a half-written kubeconfig.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

export interface ContextEntry {
  name: string;
  server: string;
  caCertPem: string;
  token: string;
  namespace?: string;
}

interface Named { name: string; [key: string]: unknown }
interface KubeconfigDoc {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** The file kubectl would write to: the first entry of KUBECONFIG, else ~/.kube/config. */
export function kubeconfigTarget(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  const first = (env.KUBECONFIG ?? '').split(':').find((p) => p.length > 0);
  return first ?? join(homedir(), '.kube', 'config');
}

function load(file: string): KubeconfigDoc {
  if (!existsSync(file)) return { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  const text = readFileSync(file, 'utf8');
  const doc = (text.trim() === '' ? {} : parse(text)) as KubeconfigDoc | null;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`kubeconfig ${file} is not a YAML mapping; refusing to overwrite it`);
  }
  return doc;
}

function upsert(list: Named[] | undefined, entry: Named): Named[] {
  const rest = (list ?? []).filter((e) => e && e.name !== entry.name);
  return [...rest, entry];
}

function writeAtomically(file: string, doc: KubeconfigDoc): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, stringify(doc), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Adds or replaces the context (and its cluster and user) and makes it current. */
export function mergeContext(file: string, entry: ContextEntry): void {
  const doc = load(file);
  doc.apiVersion ??= 'v1';
  doc.kind ??= 'Config';
  doc.clusters = upsert(doc.clusters, {
    name: entry.name,
    cluster: { server: entry.server, 'certificate-authority-data': Buffer.from(entry.caCertPem).toString('base64') },
  });
  doc.users = upsert(doc.users, { name: entry.name, user: { token: entry.token } });
  doc.contexts = upsert(doc.contexts, {
    name: entry.name,
    context: { cluster: entry.name, user: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}) },
  });
  doc['current-context'] = entry.name;
  writeAtomically(file, doc);
}

/** Removes the context, cluster and user of that name; clears current-context if it pointed there. */
export function removeContext(file: string, name: string): boolean {
  if (!existsSync(file)) return false;
  const doc = load(file);
  const before = JSON.stringify(doc);
  doc.clusters = (doc.clusters ?? []).filter((e) => e.name !== name);
  doc.users = (doc.users ?? []).filter((e) => e.name !== name);
  doc.contexts = (doc.contexts ?? []).filter((e) => e.name !== name);
  if (doc['current-context'] === name) doc['current-context'] = '';
  if (JSON.stringify(doc) === before) return false;
  writeAtomically(file, doc);
  return true;
}
