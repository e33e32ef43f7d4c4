// What `kn service create|update|apply` share: the base revision for digest pinning, waiting with
// kn's progress lines, the final URL line, replace (--force) and apply with last-applied state.
import { KnError, isNotFound } from '../../api/errors.js';
import type { ServingClient } from '../../api/serving.js';
import type { Revision, Service } from '../../api/serving-types.js';
import { progressPrinter, waitForReady, type WaitOptions } from '../../api/wait.js';
import { applyMergePatch, threeWayMergePatch } from './merge-patch.js';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const CREATOR_ANNOTATION = 'serving.knative.dev/creator';
const LAST_MODIFIER_ANNOTATION = 'serving.knative.dev/lastModifier';

/** Raised when no revision matches the service's template (update then cannot pin a digest). */
export class NoBaseRevisionError extends KnError {
  constructor() {
    super('base revision not found', 'NotFound');
    this.name = 'NoBaseRevisionError';
  }
}

/**
 * The revision the current template was stamped from: the named one if the template has a name,
 * else the latest created one if it runs the same image (knative/client getBaseRevision).
 */
export async function getBaseRevision(client: ServingClient, service: Service): Promise<Revision> {
  const template = service.spec.template;
  const get = async (name: string) => {
    try {
      return await client.revisions.get(name);
    } catch (e) {
      if (isNotFound(e)) throw new NoBaseRevisionError();
      throw e;
    }
  };
  if (template.metadata?.name) return get(template.metadata.name);
  const latest = service.status?.latestCreatedRevisionName;
  if (!latest) throw new NoBaseRevisionError();
  const rev = await get(latest);
  if (rev.spec.containers?.[0]?.image !== template.spec.containers?.[0]?.image) throw new NoBaseRevisionError();
  return rev;
}

/** Output sink of the commands (stdout in the CLI, a buffer in tests). */
export type Write = (text: string) => void;

/** Waits for the service to be Ready, printing kn's progress lines and the final "Ready to serve." */
export async function waitForService(client: ServingClient, name: string, opts: WaitOptions, write: Write): Promise<void> {
  const res = await waitForReady(client.services, name, { ...opts, onMessage: progressPrinter(write) });
  write(`${res.elapsedSeconds.toFixed(3).padStart(7)}s Ready to serve.\n`);
}

/** Prints the URL lines after a successful wait (kn's showUrl). `previousRevision` "unchanged" forces that form. */
export async function showUrl(client: ServingClient, name: string, previousRevision: string, verbDone: string, write: Write): Promise<void> {
  let svc: Service;
  try {
    svc = await client.services.get(name);
  } catch (e) {
    throw new KnError(
      `cannot fetch service '${name}' in namespace '${client.namespace}' for extracting the URL: ${(e as Error).message}`,
      'Unknown',
    );
  }
  const url = svc.status?.url ?? '';
  const latest = svc.status?.latestReadyRevisionName ?? '';
  if ((previousRevision !== '' && previousRevision === latest) || previousRevision === 'unchanged') {
    write(`Service '${name}' with latest revision '${latest}' (unchanged) is available at URL:\n${url}\n`);
  } else {
    write(`Service '${name}' ${verbDone} to latest revision '${latest}' is available at URL:\n${url}\n`);
  }
}

/** Waits if asked (kn's waitIfRequested): verbs like "Creating"/"created". */
export async function waitIfRequested(
  client: ServingClient,
  name: string,
  wait: WaitOptions | undefined,
  verbDoing: string,
  verbDone: string,
  write: Write,
): Promise<void> {
  if (!wait) {
    write(`Service '${name}' ${verbDone} in namespace '${client.namespace}'.\n`);
    return;
  }
  write(`${verbDoing} service '${name}' in namespace '${client.namespace}':\n\n`);
  await waitForService(client, name, wait, write);
  write('\n');
  await showUrl(client, name, '', verbDone, write);
}

/** True when the service exists. */
export async function serviceExists(client: ServingClient, name: string): Promise<boolean> {
  try {
    await client.services.get(name);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Replaces an existing service (create --force), keeping creator/lastModifier. Returns whether its spec changed. */
export async function replaceService(client: ServingClient, service: Service): Promise<boolean> {
  let before: number | undefined;
  const saved = await client.services.updateWithRetry(service.metadata.name ?? '', (orig) => {
    before = orig.metadata.generation;
    const next = structuredClone(service);
    const annotations = { ...(next.metadata.annotations ?? {}) };
    for (const k of [CREATOR_ANNOTATION, LAST_MODIFIER_ANNOTATION]) {
      const v = orig.metadata.annotations?.[k];
      if (v !== undefined) annotations[k] = v;
    }
    next.metadata.annotations = annotations;
    next.metadata.resourceVersion = orig.metadata.resourceVersion;
    return next;
  });
  return saved.metadata.generation !== before;
}

// The Service as kn records it in the last-applied annotation: no status, no timestamps, no empty
// container name or resources.
function encodeForApply(service: Service): Record<string, unknown> {
  const obj = JSON.parse(JSON.stringify(service)) as Service & Record<string, unknown>;
  delete obj.status;
  delete (obj.metadata as Record<string, unknown>).creationTimestamp;
  const tmeta = obj.spec?.template?.metadata as Record<string, unknown> | undefined;
  if (tmeta) delete tmeta.creationTimestamp;
  const c = obj.spec?.template?.spec?.containers?.[0] as Record<string, unknown> | undefined;
  if (c) {
    if (c.name === '') delete c.name;
    if (c.resources && typeof c.resources === 'object' && Object.keys(c.resources).length === 0) delete c.resources;
  }
  return obj;
}

/** The service with its last-applied annotation set to its own encoding. */
export function withLastApplied(service: Service): Service {
  const bare = structuredClone(service);
  const annotations = { ...(bare.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  bare.metadata.annotations = Object.keys(annotations).length > 0 ? annotations : undefined;
  const encoded = JSON.stringify(encodeForApply(bare));
  const out = structuredClone(bare);
  out.metadata.annotations = { ...(out.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: encoded };
  return encodeForApply(out) as unknown as Service;
}

/**
 * kn's ApplyService: creates the service with its last-applied annotation, or merges the change
 * three-way (last applied, desired, current) into the live object. Returns whether anything changed.
 */
export async function applyService(client: ServingClient, service: Service): Promise<boolean> {
  const modified = withLastApplied(service);
  const name = service.metadata.name ?? '';
  let current: Service;
  try {
    current = await client.services.get(name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await client.services.create(modified);
    return true;
  }
  const patchFor = (live: Service) => {
    const lastApplied = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
    const original = lastApplied ? (JSON.parse(lastApplied) as unknown) : undefined;
    return threeWayMergePatch(original, modified, encodeForApply(live));
  };
  if (Object.keys(patchFor(current)).length === 0) return false;
  const saved = await client.services.updateWithRetry(name, (live) => {
    const next = applyMergePatch(live, patchFor(live)) as Service;
    next.metadata.resourceVersion = live.metadata.resourceVersion;
    return next;
  });
  // Upstream judges by the controller not having observed the new generation yet.
  return saved.metadata.generation !== saved.status?.observedGeneration;
}
