// Component building blocks: the in-cluster client configuration, AdmissionReview handling with
// the real Serving and Eventing admission functions, JSON patches, and the pod-IP relay.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { componentNamespace, loadComponentKubeConfig, serviceAccountDir } from '../../../../src/lib/cluster/incluster.js';
import { registerEventingAdmission } from '../../../../src/lib/eventing/admission.js';
import { parseBrokerDefaults, parseDeliveryFeatures, parsePingDataMaxSize } from '../../../../src/lib/eventing/resources/config.js';
import { ServingConfigStore } from '../../../../src/lib/serving/config-store.js';
import { registerServingAdmission } from '../../../../src/lib/serving/webhook/admission-hook.js';
import { AdmissionHandlers, jsonPatch, reviewAdmission, type AdmissionReview } from '../../../../src/components/webhook/review.js';
import { startRelay } from '../../../../src/components/relay.js';

describe('in-cluster configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kn-sa-'));
    writeFileSync(join(dir, 'token'), 'tok-123');
    writeFileSync(join(dir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(join(dir, 'namespace'), 'knative-serving');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('KUBERNETES_SERVICE_HOST/PORT and the token directory from KN_SERVICEACCOUNT_DIR', async () => {
    const kc = loadComponentKubeConfig({ KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KN_SERVICEACCOUNT_DIR: dir });
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://10.96.0.1:443', caFile: join(dir, 'ca.crt'), skipTLSVerify: false });
    const opts: { headers?: Record<string, string> } = {};
    await kc.applyToHTTPSOptions(opts as never);
    expect(opts.headers?.Authorization).toBe('Bearer tok-123');
    expect(componentNamespace('fallback', { KN_SERVICEACCOUNT_DIR: dir })).toBe('knative-serving');
    expect(componentNamespace('fallback', { KN_SERVICEACCOUNT_DIR: dir, SYSTEM_NAMESPACE: 'other' })).toBe('other');
  });

  test('IPv6 hosts are bracketed; the node agent mount map is honoured; KUBECONFIG wins', () => {
    expect(loadComponentKubeConfig({ KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443', KN_SERVICEACCOUNT_DIR: dir }).getCurrentCluster()?.server).toBe('https://[fd00::1]:6443');
    expect(serviceAccountDir({ KN_VOLUME_MOUNTS: JSON.stringify({ '/var/run/secrets/kubernetes.io/serviceaccount': dir }) })).toBe(dir);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }], users: [{ name: 'u', user: {} }], contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }], 'current-context': 'x' }));
    expect(loadComponentKubeConfig({ KUBECONFIG: kubeconfig, KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }).getCurrentCluster()?.server).toBe('https://127.0.0.1:1');
  });

  test('clear errors outside a cluster and without a token', () => {
    expect(() => loadComponentKubeConfig({})).toThrow('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are unset (set KUBECONFIG to run outside one)');
    expect(() => loadComponentKubeConfig({ KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1', KN_SERVICEACCOUNT_DIR: join(dir, 'none') })).toThrow(`in-cluster configuration: service account token ${join(dir, 'none', 'token')} not found`);
  });
});

describe('AdmissionReview handling', () => {
  const handlers = new AdmissionHandlers();
  const store = new ServingConfigStore({});
  registerServingAdmission(handlers, () => store.get());
  registerEventingAdmission(handlers, {
    brokerDefaults: () => parseBrokerDefaults({ 'default-br-config': 'clusterDefault:\n  brokerClass: MTChannelBasedBroker\n' }),
    defaultChannelData: () => undefined,
    features: () => parseDeliveryFeatures(undefined),
    pingDataMaxSize: () => parsePingDataMaxSize(undefined),
  });
  const review = (kind: { group: string; version: string; kind: string }, object: object, operation = 'CREATE'): AdmissionReview => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: 'u-1', kind, operation, namespace: 'default', name: (object as { metadata: { name: string } }).metadata.name, object: object as Record<string, unknown> },
  });
  const ksvc = (containers: object[]) => ({ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'default' }, spec: { template: { spec: { containers } } } });
  const svcKind = { group: 'serving.knative.dev', version: 'v1', kind: 'Service' };
  const patched = (r: AdmissionReview, obj: any) => {
    let out = structuredClone(obj);
    for (const op of JSON.parse(Buffer.from(r.response!.patch!, 'base64').toString()) as { op: string; path: string; value?: unknown }[]) {
      const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (keys.length === 0) {
        out = op.value;
        continue;
      }
      const last = keys.pop()!;
      let at = out;
      for (const k of keys) at = at[k];
      if (op.op === 'remove') delete at[last];
      else at[last] = op.value;
    }
    return out;
  };

  test('defaulting answers a JSONPatch with the defaults (traffic, container name, timeouts)', async () => {
    const obj = ksvc([{ image: 'gcr.io/knative-samples/helloworld-go' }]);
    const r = await reviewAdmission(review(svcKind, obj), 'defaulting', handlers);
    expect(r.response).toMatchObject({ uid: 'u-1', allowed: true, patchType: 'JSONPatch' });
    const out = patched(r, obj);
    expect(out.spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
    expect(out.spec.template.spec.containers[0].name).toBe('user-container');
    expect(out.spec.template.spec.timeoutSeconds).toBe(300);
  });

  test('validation denies with the field errors; defaulting of the same object does not deny', async () => {
    const obj = ksvc([{ image: 'x', ports: [{ containerPort: 8012 }] }]);
    const v = await reviewAdmission(review(svcKind, obj), 'validation', handlers);
    expect(v.response?.allowed).toBe(false);
    expect(v.response?.status?.code).toBe(400);
    expect(v.response?.status?.message).toMatch(/^validation failed: /);
    const d = await reviewAdmission(review(svcKind, obj), 'defaulting', handlers);
    expect(d.response?.allowed).toBe(true);
  });

  test('eventing: a Broker gets its class; a Trigger without subscriber is denied', async () => {
    const broker = { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', metadata: { name: 'b', namespace: 'default' } };
    const r = await reviewAdmission(review({ group: 'eventing.knative.dev', version: 'v1', kind: 'Broker' }, broker), 'defaulting', handlers);
    expect(patched(r, broker).metadata.annotations['eventing.knative.dev/broker.class']).toBe('MTChannelBasedBroker');
    const trigger = { apiVersion: 'eventing.knative.dev/v1', kind: 'Trigger', metadata: { name: 't', namespace: 'default' }, spec: { broker: 'b' } };
    const v = await reviewAdmission(review({ group: 'eventing.knative.dev', version: 'v1', kind: 'Trigger' }, trigger), 'validation', handlers);
    expect(v.response?.allowed).toBe(false);
  });

  test('kinds without functions, deletes and malformed reviews are allowed unchanged', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect((await reviewAdmission(review({ group: '', version: 'v1', kind: 'ConfigMap' }, cm), 'validation', handlers)).response).toEqual({ uid: 'u-1', allowed: true });
    expect((await reviewAdmission({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, 'defaulting', handlers)).response).toEqual({ uid: '', allowed: true });
  });

  test('jsonPatch: nested add/replace/remove with escaped keys; nothing for equal objects', () => {
    expect(jsonPatch({ a: 1, b: { c: 2, 'x/y': 1 } }, { a: 1, b: { c: 3, d: [1] } })).toEqual([
      { op: 'remove', path: '/b/x~1y' },
      { op: 'replace', path: '/b/c', value: 3 },
      { op: 'add', path: '/b/d', value: [1] },
    ]);
    expect(jsonPatch({ a: [1] }, { a: [1] })).toEqual([]);
  });
});

describe('relay', () => {
  test('pipes requests from the listen address to the target and closes cleanly', async () => {
    const target = http.createServer((req, res) => res.end(`seen ${req.headers.host}`));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const relay = await startRelay('127.0.0.2', 0, { host: '127.0.0.1', port: (target.address() as AddressInfo).port });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.2', port: relay.port, headers: { host: 'hello.example' }, agent: false }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(body).toBe('seen hello.example');
    } finally {
      await relay.close();
      await new Promise<void>((r) => target.close(() => r()));
    }
  });
});
