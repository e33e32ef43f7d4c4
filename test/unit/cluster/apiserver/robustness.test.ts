// Malformed input never makes the server fail with anything but a 4xx Status: random mutations of
// valid objects of every built-in kind (plus a CRD and a custom resource) through every write verb.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdmissionChain } from '../../../../src/lib/cluster/apiserver/admission.js';
import { syncRegistryWithCrds } from '../../../../src/lib/cluster/apiserver/crd-lifecycle.js';
import { ApiError } from '../../../../src/lib/cluster/apiserver/errors.js';
import { ObjectService, type PatchType } from '../../../../src/lib/cluster/apiserver/object-service.js';
import { ResourceRegistry } from '../../../../src/lib/cluster/apiserver/registry.js';
import { loadShippedCrds } from '../../../../src/lib/cluster/apiserver/shipped-crds.js';
import { openSqliteBackend, type Backend } from '../../../../src/lib/cluster/apiserver/storage.js';
import { toTable } from '../../../../src/lib/cluster/apiserver/table.js';

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const weird = [null, 0, -1, 1.5, 'x', '', true, [], [1, 'a'], {}, { a: { b: [null] } }, 'Bad_Name!', '🙂', 1e300];

const samples: Record<string, any> = {
  'v1/configmaps': {
    metadata: { name: 'c', labels: { a: 'b' }, managedFields: [{ manager: 'fuzz', operation: 'Apply', fieldsV1: { 'f:data': { 'k:{"a":1}': {} } } }] },
    data: { k: 'v' },
  },
  'v1/pods': { metadata: { name: 'p' }, spec: { nodeName: 'n', containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } },
  'v1/services': { metadata: { name: 's' }, spec: { ports: [{ port: 80 }], selector: { a: 'b' } } },
  'v1/namespaces': { metadata: { name: 'ns1' } },
  'v1/secrets': { metadata: { name: 's' }, data: { a: 'YQ==' } },
  'v1/events': { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, reason: 'R' },
  'v1/endpoints': { metadata: { name: 'e' }, subsets: [{ addresses: [{ ip: '127.0.0.2' }], ports: [{ port: 80 }] }] },
  'apps/v1/deployments': {
    metadata: { name: 'd' },
    spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  },
  'serving.knative.dev/v1/services': { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'k' }, spec: { template: { spec: { containers: [{ image: 'i' }] } } } },
  'apiextensions.k8s.io/v1/customresourcedefinitions': loadShippedCrds()[0],
};

function paths(v: any, prefix: string[] = []): string[][] {
  if (typeof v !== 'object' || v === null) return [prefix];
  const out: string[][] = [prefix];
  for (const k of Object.keys(v)) out.push(...paths(v[k], [...prefix, k]));
  return out;
}

function mutate(obj: any, r: () => number): any {
  const copy = JSON.parse(JSON.stringify(obj));
  const all = paths(copy).filter((p) => p.length > 0);
  for (let n = 0; n < 1 + Math.floor(r() * 3); n++) {
    const p = all[Math.floor(r() * all.length)];
    let cur = copy;
    for (const seg of p.slice(0, -1)) cur = cur?.[seg];
    if (cur && typeof cur === 'object') cur[p[p.length - 1]] = weird[Math.floor(r() * weird.length)];
  }
  return copy;
}

describe('robustness against malformed input', () => {
  let dir: string;
  let backend: Backend;
  let svc: ObjectService;
  let stop: () => void;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kn-ts-fuzz-'));
    backend = openSqliteBackend(dir);
    const registry = new ResourceRegistry();
    stop = syncRegistryWithCrds(backend, registry);
    svc = new ObjectService(backend, registry, new AdmissionChain());
    await svc.ensureNamespaces(['default']);
    await svc.ensureCrds(loadShippedCrds());
  });
  afterAll(() => {
    stop();
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every mutated write with success or a 4xx ApiError', async () => {
    const r = rng(42);
    const unexpected: string[] = [];
    const patchTypes: PatchType[] = ['merge', 'json', 'strategic', 'apply'];
    for (const [gvr, sample] of Object.entries(samples)) {
      const parts = gvr.split('/');
      const [group, version, plural] = parts.length === 2 ? ['', parts[0], parts[1]] : parts;
      const def = svc.registry.find(group, version, plural)!;
      const ns = def.namespaced ? 'default' : undefined;
      for (let i = 0; i < 60; i++) {
        const body = mutate(sample, r);
        const name = typeof body?.metadata?.name === 'string' && body.metadata.name ? body.metadata.name : 'fallback';
        const ops: [string, () => Promise<unknown>][] = [
          ['create', () => svc.create(def, ns, body)],
          ['update', () => svc.update(def, ns, name, body)],
          ['patch', () => svc.patch(def, ns, name, patchTypes[i % 4], patchTypes[i % 4] === 'json' ? [{ op: 'replace', path: '/metadata/labels', value: body?.metadata }] : body, { fieldManager: 'fuzz' })],
          ['status', () => svc.patch(def, ns, name, 'merge', { status: body?.spec ?? null }, { subresource: 'status' })],
          ['delete', () => svc.delete(def, ns, name, { propagationPolicy: i % 2 ? 'Foreground' : undefined })],
        ];
        for (const [op, run] of ops) {
          try {
            await run();
          } catch (e) {
            if (!(e instanceof ApiError) || e.code >= 500) unexpected.push(`${gvr} ${op} ${JSON.stringify(body)}: ${(e as Error).stack}`);
          }
        }
      }
      // Whatever got stored still renders as a table.
      for (const e of backend.list(svc.listPrefix(def, undefined))) expect(() => toTable(def, [e.obj], {}, 'Metadata')).not.toThrow();
    }
    expect(unexpected.slice(0, 3)).toEqual([]);
  });
});
