// OpenAPI v3 documents, just enough for kubectl:
// - every resource's PATCH operation declares the `fieldValidation` query parameter, so kubectl
//   (default --validate=strict) delegates validation to the server instead of downloading the
//   protobuf OpenAPI v2 document, which we do not serve;
// - CRD kinds carry their schemas with x-kubernetes-group-version-kind, so `kubectl explain ksvc`
//   works. Built-in kinds deliberately carry no schema: kubectl apply then computes strategic merge
//   patches from its compiled-in types, which know the list merge keys.
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry.js';
import { cloneJson } from './json.js';
import type { ResourceDef } from './resource-def.js';

/** `api/v1` or `apis/<group>/<version>`: the key of one GroupVersion in the v3 root. */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** GET /openapi/v3: one entry per served GroupVersion. */
export function openApiRoot(registry: ResourceRegistry): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const hash = createHash('sha256').update(String(registry.generation)).digest('hex').slice(0, 16).toUpperCase();
  const seen = new Set<string>();
  for (const d of registry.all()) {
    const p = gvPath(d.group, d.version);
    if (seen.has(p)) continue;
    seen.add(p);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

function schemaName(d: ResourceDef): string {
  const g = d.group ? d.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${g}.${d.version}.${d.kind}`;
}

/** The CRD's published schema for one version, with the fields kube always adds. */
function crdSchema(crd: any, d: ResourceDef): object {
  const v = ((crd?.spec?.versions ?? []) as any[]).find((x) => x.name === d.version);
  const base = cloneJson(v?.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  base.type ??= 'object';
  base.properties = {
    apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
    kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
    metadata: { type: 'object', description: "Standard object's metadata." },
    ...(base.properties ?? {}),
  };
  base['x-kubernetes-group-version-kind'] = [{ group: d.group, version: d.version, kind: d.kind }];
  return base;
}

/** GET /openapi/v3/<gvPath>; undefined if nothing is served there. `crdOf` returns a stored CRD by name. */
export function openApiGroupVersion(registry: ResourceRegistry, group: string, version: string, crdOf: (name: string) => unknown): object | undefined {
  const defs = registry.resourcesOf(group, version);
  if (defs.length === 0) return undefined;
  const paths: Record<string, object> = {};
  const schemas: Record<string, object> = {};
  for (const d of defs) {
    const prefix = `/${gvPath(d.group, d.version)}${d.namespaced ? '/namespaces/{namespace}' : ''}/${d.plural}/{name}`;
    const gvk = { group: d.group, version: d.version, kind: d.kind };
    paths[prefix] = {
      patch: {
        operationId: `patch${d.kind}`,
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } },
          { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } },
        ],
        responses: { '200': { description: 'OK' } },
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
      },
    };
    if (d.fromCrd) schemas[schemaName(d)] = crdSchema(crdOf(d.fromCrd), d);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas },
  };
}

/** Parses `/openapi/v3/api/v1` or `/openapi/v3/apis/<g>/<v>` into group and version. */
export function parseOpenApiPath(path: string): { group: string; version: string } | undefined {
  const rest = path.slice('/openapi/v3/'.length).split('/');
  if (rest[0] === 'api' && rest.length === 2) return { group: '', version: rest[1] };
  if (rest[0] === 'apis' && rest.length === 3) return { group: rest[1], version: rest[2] };
  return undefined;
}
