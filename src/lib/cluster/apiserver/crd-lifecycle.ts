// CustomResourceDefinition handling: validation, the server-owned status (names accepted,
// established), and keeping the registry in step with the stored CRDs.
import type { FieldError } from './errors.js';
import { defsFromCrd, type ResourceRegistry } from './registry.js';
import { resourcePrefix } from './resource-def.js';
import type { Backend, KubeObject } from './storage.js';

/** Storage prefix of CRD objects. */
export const crdPrefix = resourcePrefix({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions' });

/** Structural checks kube makes before accepting a CRD (the ones a typo in a manifest hits). */
export function validateCrd(crd: any): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group) errs.push({ type: 'FieldValueRequired', field: 'spec.group', detail: '' });
  if (!names.plural) errs.push({ type: 'FieldValueRequired', field: 'spec.names.plural', detail: '' });
  if (!names.kind) errs.push({ type: 'FieldValueRequired', field: 'spec.names.kind', detail: '' });
  if (spec.group && names.plural && crd.metadata?.name !== `${names.plural}.${spec.group}`)
    errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: crd.metadata?.name, detail: 'must be spec.names.plural+"."+spec.group' });
  if (!['Namespaced', 'Cluster'].includes(spec.scope))
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.scope', value: spec.scope, detail: 'supported values: "Cluster", "Namespaced"' });
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) errs.push({ type: 'FieldValueInvalid', field: 'spec.versions', value: spec.versions ?? null, detail: 'must have exactly one version marked as storage version' });
  else if (versions.filter((v: any) => v?.storage).length !== 1)
    errs.push({ type: 'FieldValueInvalid', field: 'spec.versions', value: versions.map((v: any) => v?.name), detail: 'must have exactly one version marked as storage version' });
  return errs;
}

/** Sets the status kube's CRD controllers would converge to: names accepted and established. */
export function setCrdStatus(crd: any, old: any | undefined, now: string): void {
  const storage = ((crd.spec?.versions ?? []) as any[]).find((v) => v?.storage)?.name;
  const prevStored: string[] = old?.status?.storedVersions ?? [];
  const stored = storage && !prevStored.includes(storage) ? [...prevStored, storage] : prevStored;
  const since = (type: string) => ((old?.status?.conditions ?? []) as any[]).find((c) => c.type === type)?.lastTransitionTime ?? now;
  crd.status = {
    acceptedNames: { ...crd.spec?.names, listKind: crd.spec?.names?.listKind ?? `${crd.spec?.names?.kind}List`, singular: crd.spec?.names?.singular ?? String(crd.spec?.names?.kind ?? '').toLowerCase() },
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: since('NamesAccepted'), reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: since('Established'), reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    storedVersions: stored,
  };
}

/** Serves every stored CRD now and follows CRD writes from then on; returns the unsubscribe. */
export function syncRegistryWithCrds(backend: Backend, registry: ResourceRegistry): () => void {
  for (const e of backend.list(crdPrefix)) registry.setCrd(String(e.obj.metadata.name), defsFromCrd(e.obj));
  return backend.onEvent((ev) => {
    if (!ev.entry.key.startsWith(crdPrefix)) return;
    const name = String(ev.entry.obj.metadata.name);
    if (ev.type === 'DELETED') registry.removeCrd(name);
    else registry.setCrd(name, defsFromCrd(ev.entry.obj as KubeObject));
  });
}
