import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdmissionChain, AdmissionDenied } from '../../../../src/lib/cluster/apiserver/admission.js';
import { syncRegistryWithCrds } from '../../../../src/lib/cluster/apiserver/crd-lifecycle.js';
import { ApiError } from '../../../../src/lib/cluster/apiserver/errors.js';
import { ObjectService } from '../../../../src/lib/cluster/apiserver/object-service.js';
import { ResourceRegistry } from '../../../../src/lib/cluster/apiserver/registry.js';
import type { ResourceDef } from '../../../../src/lib/cluster/apiserver/resource-def.js';
import { openSqliteBackend, type Backend } from '../../../../src/lib/cluster/apiserver/storage.js';
import { toTable } from '../../../../src/lib/cluster/apiserver/table.js';
import { WatchHub } from '../../../../src/lib/cluster/apiserver/watch.js';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', shortNames: ['wd'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        additionalPrinterColumns: [
          { name: 'Ready', type: 'string', jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        ],
      },
    ],
  },
};

async function expectApiError(p: Promise<unknown>, code: number, message?: string | RegExp): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  expect((e as ApiError).code).toBe(code);
  if (message) expect((e as ApiError).message).toMatch(message);
  return e as ApiError;
}

describe('ObjectService', () => {
  let dir: string;
  let backend: Backend;
  let svc: ObjectService;
  let admission: AdmissionChain;
  let stopSync: () => void;
  let cm: ResourceDef;
  let podDef: ResourceDef;
  let widget: ResourceDef;
  let clock = Date.parse('2026-01-01T00:00:00Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kn-ts-objsvc-'));
    backend = openSqliteBackend(dir);
    const registry = new ResourceRegistry();
    stopSync = syncRegistryWithCrds(backend, registry);
    admission = new AdmissionChain();
    svc = new ObjectService(backend, registry, admission, () => clock);
    await svc.ensureNamespaces(['default']);
    await svc.ensureCrds([widgetCrd]);
    cm = registry.find('', 'v1', 'configmaps')!;
    podDef = registry.find('', 'v1', 'pods')!;
    widget = registry.find('example.com', 'v1', 'widgets')!;
  });
  afterEach(() => {
    stopSync();
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a CRD as soon as it is stored, with an established status', () => {
    expect(widget).toMatchObject({ kind: 'Widget', namespaced: true, statusSubresource: true, shortNames: ['wd'] });
    const crd = backend.get('/apiextensions.k8s.io.customresourcedefinitions/widgets.example.com')!.obj as any;
    expect(crd.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
  });

  it('defaults metadata on create and honours generateName', async () => {
    const o = (await svc.create(cm, 'default', { metadata: { generateName: 'cfg-' }, data: { a: 'b' } })) as any;
    expect(o.metadata.name).toMatch(/^cfg-[a-z0-9]{5}$/);
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(o.metadata.namespace).toBe('default');
    expect(o.metadata.generation).toBeUndefined();
    expect(o.apiVersion).toBe('v1');
  });

  it('rejects creates in a missing namespace, duplicates and mismatched bodies', async () => {
    await expectApiError(svc.create(cm, 'nope', { metadata: { name: 'a' } }), 404, 'namespaces "nope" not found');
    await svc.create(cm, 'default', { metadata: { name: 'a' } });
    await expectApiError(svc.create(cm, 'default', { metadata: { name: 'a' } }), 409, 'configmaps "a" already exists');
    await expectApiError(svc.create(cm, 'default', { kind: 'Secret', metadata: { name: 'b' } }), 400);
    await expectApiError(svc.create(cm, 'default', { apiVersion: 'v2', metadata: { name: 'b' } }), 400, /API version in the data \(v2\)/);
    await expectApiError(svc.create(cm, 'default', { metadata: { name: 'b', namespace: 'other' } }), 400, /does not match the namespace/);
    await expectApiError(svc.create(cm, 'default', { metadata: { name: 'Bad' } }), 422, /^ConfigMap "Bad" is invalid: metadata.name: Invalid value: "Bad"/);
  });

  it('uses optimistic concurrency with kube exact conflict message', async () => {
    const o = await svc.create(cm, 'default', { metadata: { name: 'a' }, data: { v: '1' } });
    const rv = o.metadata.resourceVersion;
    await svc.update(cm, 'default', 'a', { metadata: { name: 'a', resourceVersion: rv }, data: { v: '2' } });
    await expectApiError(
      svc.update(cm, 'default', 'a', { metadata: { name: 'a', resourceVersion: rv }, data: { v: '3' } }),
      409,
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
    // Built-in kinds allow unconditional updates; custom resources do not.
    await svc.update(cm, 'default', 'a', { metadata: { name: 'a' }, data: { v: '4' } });
    await svc.create(widget, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} });
    await expectApiError(
      svc.update(widget, 'default', 'w', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { x: 1 } }),
      422,
      'Widget.example.com "w" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
  });

  it('bumps generation on spec changes only and separates status from spec writes', async () => {
    const w = (await svc.create(widget, 'default', {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 1 },
      status: { ignored: true },
    })) as any;
    expect(w.metadata.generation).toBe(1);
    expect(w.status).toBeUndefined();
    const labelled = (await svc.patch(widget, 'default', 'w', 'merge', { metadata: { labels: { a: 'b' } } })) as any;
    expect(labelled.metadata.generation).toBe(1);
    const st = (await svc.patch(widget, 'default', 'w', 'merge', { spec: { replicas: 9 }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { subresource: 'status' })) as any;
    expect(st.spec.replicas).toBe(1);
    expect(st.status.conditions[0].status).toBe('True');
    expect(st.metadata.generation).toBe(1);
    const sp = (await svc.patch(widget, 'default', 'w', 'merge', { spec: { replicas: 2 }, status: { conditions: [] } })) as any;
    expect(sp.metadata.generation).toBe(2);
    expect(sp.status.conditions).toHaveLength(1);
    const table = toTable(widget, [sp], {}, 'None') as any;
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Ready', 'Replicas']);
    expect(table.rows[0].cells).toEqual(['w', 'True', 2]);
  });

  it('stores nothing for a no-op update', async () => {
    const o = await svc.create(cm, 'default', { metadata: { name: 'a' }, data: { v: '1' } });
    const again = await svc.patch(cm, 'default', 'a', 'merge', { data: { v: '1' } });
    expect(again.metadata.resourceVersion).toBe(o.metadata.resourceVersion);
  });

  it('marks objects with finalizers and deletes them when the last finalizer goes', async () => {
    await svc.create(cm, 'default', { metadata: { name: 'f', finalizers: ['example.com/keep'] } });
    const r = await svc.delete(cm, 'default', 'f', { propagationPolicy: 'Foreground' });
    expect(r.deleted).toBe(false);
    expect(r.obj.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(r.obj.metadata.finalizers).toEqual(['example.com/keep', 'foregroundDeletion']);
    await expectApiError(svc.patch(cm, 'default', 'f', 'merge', { metadata: { finalizers: ['example.com/keep', 'foregroundDeletion', 'new'] } }), 422, /no new finalizers/);
    await svc.patch(cm, 'default', 'f', 'merge', { metadata: { finalizers: ['foregroundDeletion'] } });
    expect(backend.get('/core.configmaps/default/f')).toBeDefined();
    await svc.patch(cm, 'default', 'f', 'json', [{ op: 'remove', path: '/metadata/finalizers' }]);
    expect(backend.get('/core.configmaps/default/f')).toBeUndefined();
    await svc.create(cm, 'default', { metadata: { name: 'o' } });
    expect((await svc.delete(cm, 'default', 'o', { propagationPolicy: 'Orphan' })).obj.metadata.finalizers).toEqual(['orphan']);
  });

  it('keeps a terminating pod through status writes until the DELETE with grace 0, as kube does', async () => {
    const pod = podDef;
    await svc.create(pod, 'default', { metadata: { name: 'p' }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] } });
    const r = await svc.delete(pod, 'default', 'p', {});
    expect(r.deleted).toBe(false);
    expect(r.obj.metadata.deletionGracePeriodSeconds).toBe(30);
    await svc.patch(pod, 'default', 'p', 'merge', { status: { phase: 'Succeeded' } }, { subresource: 'status' });
    expect(backend.get('/core.pods/default/p')).toBeDefined();
    expect((await svc.delete(pod, 'default', 'p', { gracePeriodSeconds: 0 })).deleted).toBe(true);
    expect(backend.get('/core.pods/default/p')).toBeUndefined();
  });

  it('refuses a write whose body carries another object\'s uid (kube\'s uid precondition)', async () => {
    const o = await svc.create(cm, 'default', { metadata: { name: 'u' }, data: { v: '1' } });
    await expectApiError(svc.patch(cm, 'default', 'u', 'merge', { metadata: { uid: 'someone-else' }, data: { v: '2' } }), 409, /Precondition failed: UID in precondition: someone-else/);
    const ok = (await svc.patch(cm, 'default', 'u', 'merge', { metadata: { uid: o.metadata.uid }, data: { v: '2' } })) as any;
    expect(ok.data.v).toBe('2');
  });

  it('lets a second DELETE shorten a terminating pod\'s grace period, never lengthen it', async () => {
    await svc.create(podDef, 'default', { metadata: { name: 'g', finalizers: ['example.com/hold'] }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i' }] } });
    expect((await svc.delete(podDef, 'default', 'g', {})).obj.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await svc.delete(podDef, 'default', 'g', { gracePeriodSeconds: 60 })).obj.metadata.deletionGracePeriodSeconds).toBe(30);
    const forced = await svc.delete(podDef, 'default', 'g', { gracePeriodSeconds: 0 });
    expect(forced.deleted).toBe(false);
    expect(forced.obj.metadata.deletionGracePeriodSeconds).toBe(0);
    // With the grace period at 0, removing the last finalizer completes the deletion.
    await svc.patch(podDef, 'default', 'g', 'json', [{ op: 'remove', path: '/metadata/finalizers' }]);
    expect(backend.get('/core.pods/default/g')).toBeUndefined();
  });

  it('honours dryRun and delete preconditions', async () => {
    await svc.create(cm, 'default', { metadata: { name: 'd' } }, { dryRun: true });
    expect(backend.get('/core.configmaps/default/d')).toBeUndefined();
    const o = await svc.create(cm, 'default', { metadata: { name: 'd' } });
    await expectApiError(svc.delete(cm, 'default', 'd', { preconditions: { uid: 'other' } }), 409, /Precondition failed: UID in precondition: other/);
    await svc.delete(cm, 'default', 'd', { dryRun: true });
    expect(backend.get('/core.configmaps/default/d')).toBeDefined();
    await svc.delete(cm, 'default', 'd', { preconditions: { uid: String(o.metadata.uid) } });
    expect(backend.get('/core.configmaps/default/d')).toBeUndefined();
  });

  it('runs mutating then validating admission and writes nothing on denial', async () => {
    admission.register({ group: 'example.com', kind: 'Widget', type: 'mutating' }, (req) => {
      req.object.spec.defaulted = true;
    });
    admission.register({ group: 'example.com', kind: 'Widget', type: 'validating', name: 'validation.webhook.example.com' }, (req) => {
      if (req.object.spec.bad) throw new AdmissionDenied('validation failed: invalid value: bad: spec.bad');
    });
    const w = (await svc.create(widget, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} })) as any;
    expect(w.spec.defaulted).toBe(true);
    const e = await expectApiError(
      svc.create(widget, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' }, spec: { bad: true } }),
      400,
      'admission webhook "validation.webhook.example.com" denied the request: validation failed: invalid value: bad: spec.bad',
    );
    expect(e.reason).toBe('BadRequest');
    expect(backend.get('/example.com.widgets/default/x')).toBeUndefined();
  });

  it('hands the requesting user to admission (creator/lastModifier), none for in-process writers', async () => {
    const users: (string | undefined)[] = [];
    admission.register({ group: 'example.com', kind: 'Widget', type: 'mutating' }, (req) => {
      users.push(req.userInfo?.username);
    });
    await svc.create(widget, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'u' }, spec: {} }, { user: 'alice' });
    await svc.patch(widget, 'default', 'u', 'merge', { spec: { a: 1 } }, { user: 'bob' });
    await svc.patch(widget, 'default', 'u', 'merge', { spec: { a: 2 } });
    expect(users).toEqual(['alice', 'bob', undefined]);
  });

  it('serves the scale subresource from the declared paths', async () => {
    await svc.create(widget, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 1 } });
    const s = (await svc.writeScale(widget, 'default', 'w', (scale) => ({ ...scale, spec: { replicas: 4 } }))) as any;
    expect(s).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 4 } });
    expect((backend.get('/example.com.widgets/default/w')!.obj as any).spec.replicas).toBe(4);
  });

  it('creates on server-side apply and drops fields a manager stops applying', async () => {
    const base = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', labels: { a: '1', b: '2' } }, data: { x: '1' } };
    await svc.patch(cm, 'default', 'ssa', 'apply', base, { fieldManager: 'me' });
    await svc.patch(cm, 'default', 'ssa', 'merge', { data: { other: 'kept' } });
    const out = (await svc.patch(cm, 'default', 'ssa', 'apply', { ...base, metadata: { name: 'ssa', labels: { a: '1' } } }, { fieldManager: 'me' })) as any;
    expect(out.metadata.labels).toEqual({ a: '1' });
    expect(out.data).toEqual({ x: '1', other: 'kept' });
    expect(out.metadata.managedFields.find((m: any) => m.manager === 'me').operation).toBe('Apply');
  });

  it('delivers watch events with selector transitions and expires old revisions', async () => {
    const hub = new WatchHub(svc);
    const seen: string[] = [];
    const filter = svc.parseFilter(cm, 'default', 'app=web', null);
    const stop = hub.watch(cm, filter, { kind: 'current' }, (type, e) => seen.push(`${type} ${e.obj.metadata.name}`));
    await svc.create(cm, 'default', { metadata: { name: 'a', labels: { app: 'web' } } });
    await svc.create(cm, 'default', { metadata: { name: 'b', labels: { app: 'db' } } });
    await svc.patch(cm, 'default', 'b', 'merge', { metadata: { labels: { app: 'web' } } });
    await svc.patch(cm, 'default', 'a', 'merge', { metadata: { labels: { app: 'db' } } });
    await svc.delete(cm, 'default', 'a');
    stop();
    expect(seen).toEqual(['ADDED a', 'ADDED b', 'DELETED a']);
    expect(() => hub.watch(cm, filter, { kind: 'after', rv: -5 }, () => undefined)).toThrow(/too old resource version/);
    hub.close();
  });

  it('removes custom resources with their CRD and stops serving them', async () => {
    await svc.create(widget, 'default', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} });
    const crdDef = svc.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    await svc.delete(crdDef, undefined, 'widgets.example.com');
    expect(backend.list('/example.com.widgets/')).toEqual([]);
    expect(svc.registry.find('example.com', 'v1', 'widgets')).toBeUndefined();
  });
});

describe('toTable for built-in kinds', () => {
  it('renders kubectl columns and survives malformed specs', () => {
    const registry = new ResourceRegistry();
    const svc = registry.find('', 'v1', 'services')!;
    const now = Date.parse('2026-01-01T01:00:00Z');
    const good = { metadata: { name: 'web', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', ports: [{ port: 80, protocol: 'TCP' }] } };
    const bad = { metadata: { name: 'bad', creationTimestamp: '2026-01-01T00:59:30Z' }, spec: { ports: 'nope' } };
    const t = toTable(svc, [good, bad], {}, 'Metadata', now) as any;
    expect(t.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name)).toEqual(['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age']);
    expect(t.rows[0].cells.slice(0, 6)).toEqual(['web', 'ClusterIP', '10.96.0.1', '<none>', '80/TCP', '60m']);
    expect(t.rows[1].cells[4]).toBe('<invalid>');
    expect(t.rows[1].cells[5]).toBe('30s');
    expect(t.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: good.metadata });
  });
});
