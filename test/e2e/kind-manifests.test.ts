// Behaviour: the kind manifests (`kn quickstart kind --print-manifests`) against our own control
// plane, standing in for a kind cluster (no Docker engine here):
//   1. real `kubectl apply --dry-run=server` accepts every document;
//   2. a real apply creates the Deployments, whose pods the node agent starts as processes from our
//      image (ghcr.io/kn-ts/kn-ts → node dist/component.js <args>), each component in in-cluster
//      mode: KUBERNETES_SERVICE_HOST/PORT plus a service-account token directory, no kubeconfig;
//   3. the controller (leader of two replicas), the webhook (called over HTTPS with AdmissionReview
//      as a real API server would, using the caBundle it wrote into its configuration), the
//      autoscaler and the gateway take a ksvc to Ready and serve it.
// Two stand-ins, because the local API server does not implement them: storage-only CRDs for the
// RBAC and admissionregistration kinds (so those documents apply; RBAC is not enforced), and an
// in-process admission hook that forwards to the webhook as the API server's webhook client would.
import { jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AdmissionDenied, type AdmissionRequest } from '../../src/lib/cluster/apiserver/index.js';
import { startBuiltinControllers } from '../../src/lib/cluster/controllers/index.js';
import { registerLocalImages } from '../../src/lib/cluster/local/images.js';
import { startNodeAgent, type NodeAgent } from '../../src/lib/cluster/node/index.js';
import { createKubeClient } from '../../src/lib/controller/http-client.js';
import { Resources } from '../../src/lib/controller/resources.js';
import type { KubeClient } from '../../src/lib/controller/client.js';
import { startTestCluster, type TestCluster } from '../helpers/cluster.js';
import { eventually, repoRoot, run } from '../helpers/local-cluster.js';

// Storage-only stand-ins for kinds a real cluster has built in.
const SHIM_KINDS: [group: string, kind: string, plural: string, scope: 'Cluster' | 'Namespaced'][] = [
  ['rbac.authorization.k8s.io', 'ClusterRole', 'clusterroles', 'Cluster'],
  ['rbac.authorization.k8s.io', 'ClusterRoleBinding', 'clusterrolebindings', 'Cluster'],
  ['rbac.authorization.k8s.io', 'Role', 'roles', 'Namespaced'],
  ['rbac.authorization.k8s.io', 'RoleBinding', 'rolebindings', 'Namespaced'],
  ['admissionregistration.k8s.io', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', 'Cluster'],
  ['admissionregistration.k8s.io', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', 'Cluster'],
];

function shimCrds(): string {
  return SHIM_KINDS.map(
    ([group, kind, plural, scope]) => `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List}
  scope: ${scope}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`,
  ).join('');
}

let cluster: TestCluster;
let client: KubeClient;
let agent: NodeAgent | undefined;
let controllers: { stop(): Promise<void> } | undefined;
let work: string;
let manifests: string;
let unregisterAdmission: (() => void)[] = [];

// Kinds the webhook configurations cover (config/core/400-webhook.yaml, config/eventing/500-*.yaml).
const ADMITTED: [string, string][] = [
  ['serving.knative.dev', 'Service'],
  ['serving.knative.dev', 'Configuration'],
  ['serving.knative.dev', 'Revision'],
  ['serving.knative.dev', 'Route'],
  ['eventing.knative.dev', 'Broker'],
  ['eventing.knative.dev', 'Trigger'],
  ['messaging.knative.dev', 'Channel'],
  ['messaging.knative.dev', 'Subscription'],
  ['sources.knative.dev', 'PingSource'],
];

const kubectl = (args: string[], stdin?: string) =>
  stdin === undefined ? run('kubectl', args, cluster.env) : runWithStdin('kubectl', args, stdin);

function runWithStdin(cmd: string, args: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: cluster.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'dist', 'component.js'))) throw new Error('run `npm run build` first: the pods run dist/component.js');
  work = mkdtempSync(join(tmpdir(), 'kn-kind-e2e-'));
  const crdDir = join(work, 'crds');
  mkdirSync(crdDir);
  for (const f of readdirSync(join(repoRoot, 'config', 'crds'))) copyFileSync(join(repoRoot, 'config', 'crds', f), join(crdDir, f));
  writeFileSync(join(crdDir, 'zz-test-shims.yaml'), shimCrds());
  cluster = await startTestCluster({ crdDir });
  client = createKubeClient(cluster.kubeConfig);

  // What a kubelet mounts at /var/run/secrets/kubernetes.io/serviceaccount.
  const saDir = join(work, 'serviceaccount');
  mkdirSync(saDir);
  writeFileSync(join(saDir, 'token'), cluster.handle.token);
  writeFileSync(join(saDir, 'ca.crt'), cluster.handle.caCertPem);

  controllers = await startBuiltinControllers(cluster.kubeConfig, {});
  registerLocalImages();
  agent = await startNodeAgent(cluster.kubeConfig, {
    dataDir: join(work, 'node'),
    // Where the API server serves pods/log from (kubectl logs works on the component pods).
    logDataDir: cluster.dataDir,
    // In-cluster environment only: no KUBECONFIG reaches the pods.
    podEnv: { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(cluster.handle.port), KN_SERVICEACCOUNT_DIR: saDir },
  });
  const printed = await run(process.execPath, [join(repoRoot, 'bin', 'run.js'), 'quickstart', 'kind', '--print-manifests'], cluster.env);
  expect(printed.stderr).toBe('');
  manifests = printed.stdout;
}, 120_000);

afterAll(async () => {
  unregisterAdmission.forEach((u) => u());
  await agent?.stop();
  await controllers?.stop();
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

// The API server's webhook client, in-process: find the webhook through its configuration and
// Service endpoints, trust the caBundle the webhook wrote, send AdmissionReview v1.
async function callWebhook(configRef: 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations', name: string, req: AdmissionRequest): Promise<any> {
  const ref = { group: 'admissionregistration.k8s.io', version: 'v1', plural: configRef, kind: '', namespaced: false };
  const cfg = await client.get<any>(ref, '', name);
  const hook = cfg.webhooks[0];
  const svc = hook.clientConfig.service;
  const ep = await client.get<any>(Resources.endpoints, svc.namespace, svc.name);
  const ip = ep.subsets?.[0]?.addresses?.[0]?.ip;
  const port = ep.subsets?.[0]?.ports?.[0]?.port;
  if (!ip) throw new Error(`no endpoints for ${svc.namespace}/${svc.name}`);
  const body = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid: randomUUID(), kind: { group: req.group, version: req.version, kind: req.kind }, operation: req.operation, subResource: req.subresource || undefined, object: req.object, oldObject: req.oldObject ?? null, userInfo: { username: 'e2e' } },
  });
  return new Promise((resolve, reject) => {
    const r = https.request(
      { host: ip, port, path: svc.path, method: 'POST', ca: Buffer.from(hook.clientConfig.caBundle, 'base64').toString(), servername: `${svc.name}.${svc.namespace}.svc`, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text).response) : reject(new Error(`webhook answered ${res.statusCode}: ${text}`))));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

// kubectl warns when applying over objects the server created at start (CRDs, namespaces).
const unexpectedStderr = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => l && !/^Warning: resource \S+ is missing the kubectl.kubernetes.io\/last-applied-configuration annotation/.test(l))
    .join('\n');

// On a failure: where things stand (objects' conditions, pods, component logs).
async function dumpState(): Promise<string> {
  const out: string[] = [];
  const r = await kubectl(['get', 'ksvc,configuration,revision,route,kingress,sks,podautoscaler,deployments,pods', '-A', '-o', 'wide']);
  out.push(r.stdout, r.stderr);
  const list = await run('sh', ['-c', `find ${cluster.dataDir} -name '*.log' | head -50 | while read f; do echo "== $f"; tail -n 15 "$f"; done`], cluster.env);
  out.push(list.stdout);
  return out.join('\n');
}

function applyJsonPatch(obj: any, ops: { op: string; path: string; value?: unknown }[]): any {
  const out = structuredClone(obj);
  for (const op of ops) {
    const keys = op.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop()!;
    let at = out;
    for (const k of keys) at = at[k];
    if (op.op === 'remove') delete at[last];
    else at[last] = op.value;
  }
  return out;
}

describe('kind manifests on the local control plane', () => {
  jest.setTimeout(240_000);

  it('kubectl apply --dry-run=server accepts every document', async () => {
    const r = await kubectl(['apply', '--dry-run=server', '-f', '-'], manifests);
    expect(unexpectedStderr(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment.apps/controller created (server dry run)');
    expect(r.stdout).toContain('mutatingwebhookconfiguration.admissionregistration.k8s.io/webhook.serving.knative.dev created (server dry run)');
  });

  it('applied for real, every component Deployment gets ready pods running our entry point in-cluster mode', async () => {
    const r = await kubectl(['apply', '-f', '-'], manifests);
    expect(unexpectedStderr(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    const wanted: [string, string, number][] = [
      ['knative-serving', 'controller', 2],
      ['knative-serving', 'webhook', 1],
      ['knative-serving', 'autoscaler', 1],
      ['knative-serving', 'activator', 1],
      ['kourier-system', '3scale-kourier-gateway', 1],
      ['knative-eventing', 'eventing-controller', 1],
    ];
    for (const [ns, name, replicas] of wanted) {
      await eventually(`${ns}/${name} ready`, async () => {
        const d = await client.get<any>(Resources.deployments, ns, name);
        return (d.status?.readyReplicas ?? 0) >= replicas ? true : undefined;
      }, 120_000, 500);
    }
    // One controller replica holds the lease.
    const lease = await client.get<any>(Resources.leases, 'knative-serving', 'kn-ts-controller');
    expect(lease.spec.holderIdentity).toMatch(/^controller-/);
    // The webhook made its certificate and wrote the CA into both configurations.
    const secret = await client.get<any>(Resources.secrets, 'knative-serving', 'webhook-certs');
    expect(Object.keys(secret.data).sort()).toEqual(['ca-cert.pem', 'server-cert.pem', 'server-key.pem']);
    for (const [plural, name] of [
      ['mutatingwebhookconfigurations', 'webhook.serving.knative.dev'],
      ['validatingwebhookconfigurations', 'validation.webhook.serving.knative.dev'],
      ['mutatingwebhookconfigurations', 'webhook.eventing.knative.dev'],
      ['validatingwebhookconfigurations', 'validation.webhook.eventing.knative.dev'],
    ]) {
      // Within one resync period (WEBHOOK_CA_RESYNC_SECONDS, 10 s) for configurations applied after the webhook started.
      await eventually(`caBundle of ${name}`, async () => {
        const m = await client.get<any>({ group: 'admissionregistration.k8s.io', version: 'v1', plural: plural!, kind: '', namespaced: false }, '', name!);
        return m.webhooks[0].clientConfig.caBundle === secret.data['ca-cert.pem'] ? true : undefined;
      }, 30_000, 500);
    }
  });

  it('a ksvc becomes Ready through the components and is served by the gateway pod', async () => {
    // From here on serving.knative.dev writes go through the webhook component, as in a cluster.
    unregisterAdmission = ADMITTED.map(([group, kind]) => {
      const area = group === 'serving.knative.dev' ? 'serving' : 'eventing';
      return cluster.handle.admission.register({ group, kind, type: 'mutating', name: `validation.webhook.${area}.knative.dev` }, async (req) => {
        const defaulted = await callWebhook('mutatingwebhookconfigurations', `webhook.${area}.knative.dev`, req);
        const object = defaulted.patch ? applyJsonPatch(req.object, JSON.parse(Buffer.from(defaulted.patch, 'base64').toString())) : req.object;
        const validated = await callWebhook('validatingwebhookconfigurations', `validation.webhook.${area}.knative.dev`, { ...req, object });
        if (!validated.allowed) throw new AdmissionDenied(validated.status.message);
        return object;
      });
    });
    {
      // Validation through the webhook: a bad object is denied with its message.
      const bad = await kubectl(['apply', '-f', '-'], 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: bad, namespace: default}\nspec:\n  template:\n    spec:\n      containers: [{image: x, ports: [{containerPort: 8012}]}]\n');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('admission webhook "validation.webhook.serving.knative.dev" denied the request: validation failed');

      const ok = await kubectl(['apply', '-f', '-'], 'apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: hello, namespace: default}\nspec:\n  template:\n    spec:\n      containers:\n      - image: gcr.io/knative-samples/helloworld-go\n        env: [{name: TARGET, value: kind}]\n');
      expect(ok.stderr).toBe('');
      const ksvc = await eventually('ksvc hello Ready', async () => {
        const s = await client.get<any>({ group: 'serving.knative.dev', version: 'v1', plural: 'services', kind: 'Service', namespaced: true }, 'default', 'hello');
        return s.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' ? s : undefined;
      }, 180_000, 500).catch(async (e) => {
        throw new Error(`${(e as Error).message}\n${await dumpState()}`);
      });
      expect(ksvc.status.url).toBe('http://hello.default.127.0.0.1.sslip.io');
      // Defaulted by the webhook component (the API server has no in-process Serving admission here).
      expect(ksvc.spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);

      // The request goes in through the gateway pod's own address and port 8080.
      const gw = (await client.list<any>(Resources.pods, 'kourier-system')).items.find((p) => p.metadata.labels?.app === '3scale-kourier-gateway');
      const answer = await eventually('served through the gateway', async () => {
        const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          http.get({ host: gw.status.podIP, port: 8080, path: '/', headers: { host: 'hello.default.127.0.0.1.sslip.io' } }, (r) => {
            let body = '';
            r.on('data', (c) => (body += c));
            r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
          }).on('error', reject);
        });
        return res.status === 200 ? res : undefined;
      }, 60_000, 500);
      expect(answer.body).toBe('Hello kind!\n');
    }
  });

  it('the eventing component makes a Broker Ready with the broker-ingress address', async () => {
    const r = await kubectl(['apply', '-f', '-'], 'apiVersion: eventing.knative.dev/v1\nkind: Broker\nmetadata: {name: example-broker, namespace: default}\n');
    expect(r.stderr).toBe('');
    const broker = await eventually('broker Ready', async () => {
      const b = await client.get<any>({ group: 'eventing.knative.dev', version: 'v1', plural: 'brokers', kind: 'Broker', namespaced: true }, 'default', 'example-broker');
      return b.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True' ? b : undefined;
    }, 60_000, 500).catch(async (e) => {
      throw new Error(`${(e as Error).message}\n${await dumpState()}`);
    });
    expect(broker.status.address.url).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/default/example-broker');
    // Defaulted by the webhook component from config-br-defaults.
    expect(broker.metadata.annotations['eventing.knative.dev/broker.class']).toBe('MTChannelBasedBroker');
    // Validated by it: a Trigger without a subscriber is denied with Eventing's webhook name.
    const bad = await kubectl(['apply', '-f', '-'], 'apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata: {name: bad, namespace: default}\nspec: {broker: example-broker}\n');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('admission webhook "validation.webhook.eventing.knative.dev" denied the request');
    // The ingress answers on the eventing pod's address (Service broker-ingress targetPort 8080).
    const pod = (await client.list<any>(Resources.pods, 'knative-eventing')).items.find((p) => p.metadata.labels?.app === 'eventing-controller');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: pod.status.podIP, port: 8080, path: '/default/example-broker', method: 'POST', headers: { 'ce-specversion': '1.0', 'ce-id': '1', 'ce-type': 'e2e', 'ce-source': 'kind-test', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(202);
  });
});
