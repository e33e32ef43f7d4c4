// OpenAPI v3 documents, just enough for kubectl:
// - every resource's PATCH operation declares the `fieldValidation` query parameter, so kubectl
//   (default --validate=strict) delegates validation to the server instead of using the
//   OpenAPI v2 document, which we serve empty (see openApiV2);
// - CRD kinds carry their schemas with x-kubernetes-group-version-kind, so `kubectl explain ksvc`
//   works. Built-in kinds deliberately carry no schema: kubectl apply then computes strategic merge
//   patches from its compiled-in types, which know the list merge keys.
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry.js';
import { cloneJson } from './json.js';
import type { ResourceDef } from './resource-def.js';

/**
 * Media type of /openapi/v2 as protobuf (gnostic's openapi_v2.Document). Clients ask for it also
 * under its older name with `@v1.0`, which Go's mime parser rejects as a response Content-Type.
 */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function protoString(field: number, value: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([protoKeyAndLength(field, bytes.length), bytes]);
}

function protoMessage(field: number, body: Buffer): Buffer {
  return Buffer.concat([protoKeyAndLength(field, body.length), body]);
}

function protoKeyAndLength(field: number, length: number): Buffer {
  const out = [(field << 3) | 2];
  for (let n = length; ; n >>>= 7) {
    if (n < 0x80) {
      out.push(n);
      break;
    }
    out.push((n & 0x7f) | 0x80);
  }
  return Buffer.from(out);
}

/**
 * GET /openapi/v2: a Swagger 2.0 document without definitions. kubectl only falls back to it for
 * a GroupVersion the v3 root lacks (a kind whose CRD is not installed); finding no schema there, it
 * skips client-side validation and reports what kube reports: `no matches for kind ... ensure CRDs
 * are installed first`. (A 404 would make it fail with "error validating data: the server could
 * not find the requested resource".) Protobuf when asked for, else JSON.
 */
export function openApiV2(accept: string | undefined, serverVersion: string): { contentType: string; body: Buffer } {
  if ((accept ?? '').includes('application/com.github.proto-openapi.spec.v2')) {
    // openapi_v2.Document: swagger = 1, info = 2 (Info: title = 1, version = 2), paths = 8.
    const info = Buffer.concat([protoString(1, 'Kubernetes'), protoString(2, serverVersion)]);
    const body = Buffer.concat([protoString(1, '2.0'), protoMessage(2, info), protoMessage(8, Buffer.alloc(0))]);
    return { contentType: OPENAPI_V2_PROTOBUF, body };
  }
  const doc = { swagger: '2.0', info: { title: 'Kubernetes', version: serverVersion }, paths: {} };
  return { contentType: 'application/json', body: Buffer.from(JSON.stringify(doc)) };
}

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
