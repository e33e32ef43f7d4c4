// The typed OpenAPI v3 schemas of the user-facing Knative CRDs (config/crds): kubectl explain shows
// their fields, the tutorials' manifests still pass a server-side dry run, and every object in them
// keeps unknown fields, so a pruning API server (kube, on kind) never drops what is written today.
import { loadShippedCrds } from '../../src/lib/cluster/apiserver/shipped-crds.js';
import { kubectl, startLocalCluster, type LocalCluster } from '../helpers/local-cluster.js';

const TYPED = [
  'services.serving.knative.dev',
  'configurations.serving.knative.dev',
  'revisions.serving.knative.dev',
  'routes.serving.knative.dev',
  'brokers.eventing.knative.dev',
  'triggers.eventing.knative.dev',
  'channels.messaging.knative.dev',
  'inmemorychannels.messaging.knative.dev',
  'subscriptions.messaging.knative.dev',
  'pingsources.sources.knative.dev',
];

function schemaOf(name: string): any {
  const crd = loadShippedCrds().find((c) => c.metadata.name === name);
  return crd.spec.versions[0].schema.openAPIV3Schema;
}

/** Paths of object nodes that would prune: neither preserve-unknown nor a map. */
function pruningObjects(node: any, path: string, out: string[]): string[] {
  if (node?.type === 'object' && !node['x-kubernetes-preserve-unknown-fields'] && !node.additionalProperties) out.push(path);
  for (const [k, v] of Object.entries(node?.properties ?? {})) pruningObjects(v, `${path}.${k}`, out);
  if (node?.items) pruningObjects(node.items, `${path}[]`, out);
  if (node?.additionalProperties && typeof node.additionalProperties === 'object') pruningObjects(node.additionalProperties, `${path}{}`, out);
  return out;
}

describe('typed CRD schemas (static)', () => {
  it.each(TYPED)('%s enumerates spec and status and keeps unknown fields everywhere', (name) => {
    const s = schemaOf(name);
    expect(Object.keys(s.properties.spec.properties ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(s.properties.status.properties).length).toBeGreaterThan(0);
    expect(pruningObjects(s, name, [])).toEqual([]);
  });

  it('types the fields but leaves ranges and allowed values to the webhooks (upstream\'s messages)', () => {
    const percent = schemaOf('services.serving.knative.dev').properties.spec.properties.traffic.items.properties.percent;
    expect(percent).toMatchObject({ type: 'integer' });
    expect(percent.description).toContain('0 to 100');
    const backoff = schemaOf('brokers.eventing.knative.dev').properties.spec.properties.delivery.properties.backoffPolicy;
    expect(backoff.type).toBe('string');
    expect(backoff.description).toContain('linear or exponential');
    const text = JSON.stringify(TYPED.map(schemaOf));
    expect(text).not.toMatch(/"(minimum|maximum|enum)"/);
  });
});

// Manifests as the tutorials (shared/tutorials) write them.
const tutorialYaml = `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: traffic-demo
spec:
  template:
    metadata:
      name: traffic-demo-v1
      annotations:
        autoscaling.knative.dev/min-scale: "1"
    spec:
      containerConcurrency: 10
      timeoutSeconds: 300
      containers:
        - image: gcr.io/knative-samples/helloworld-go
          ports:
            - containerPort: 8080
          env:
            - name: TARGET
              value: "Version 1"
          resources:
            limits:
              cpu: "1"
              memory: 256Mi
            requests:
              cpu: 100m
  traffic:
    - revisionName: traffic-demo-v1
      percent: 100
      tag: v1
---
apiVersion: sources.knative.dev/v1
kind: PingSource
metadata:
  name: ping-source
spec:
  schedule: "*/1 * * * *"
  data: '{"message": "Hello, Knative!"}'
  sink:
    ref:
      apiVersion: serving.knative.dev/v1
      kind: Service
      name: event-display
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: default
spec:
  delivery:
    retry: 3
    backoffPolicy: exponential
    backoffDelay: PT0.5S
---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata:
  name: hello-trigger
spec:
  broker: default
  filter:
    attributes:
      type: greeting
  subscriber:
    ref:
      apiVersion: serving.knative.dev/v1
      kind: Service
      name: hello-display
---
apiVersion: messaging.knative.dev/v1
kind: InMemoryChannel
metadata:
  name: my-channel
---
apiVersion: messaging.knative.dev/v1
kind: Subscription
metadata:
  name: my-subscription
spec:
  channel:
    apiVersion: messaging.knative.dev/v1
    kind: InMemoryChannel
    name: my-channel
  subscriber:
    ref:
      apiVersion: serving.knative.dev/v1
      kind: Service
      name: event-display
`;

describe('typed CRD schemas (kubectl against the local control plane)', () => {
  let c: LocalCluster;
  beforeAll(async () => {
    c = await startLocalCluster();
  }, 60_000);
  afterAll(() => c.stop());

  async function kc(args: string[], stdin?: string) {
    if (stdin === undefined) return kubectl(c, args);
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const file = join(c.dataDir, `in-${Date.now()}.yaml`);
    writeFileSync(file, stdin);
    return kubectl(c, [...args, '-f', file]);
  }

  it('explains ksvc.spec.traffic field by field', async () => {
    const r = await kc(['explain', 'ksvc.spec.traffic']);
    expect(r.stderr).toBe('');
    for (const f of ['configurationName', 'latestRevision', 'percent', 'revisionName', 'tag', 'url']) expect(r.stdout).toContain(f);
    expect(r.stdout).toContain('<integer>');
  });

  it('explains broker.spec.delivery', async () => {
    const r = await kc(['explain', 'broker.spec.delivery']);
    expect(r.stderr).toBe('');
    for (const f of ['backoffDelay', 'backoffPolicy', 'deadLetterSink', 'retry', 'timeout']) expect(r.stdout).toContain(f);
    const p = await kc(['explain', 'broker.spec.delivery.backoffPolicy']);
    expect(p.stdout).toContain('linear or exponential');
  });

  it('explains nested container fields of a Service', async () => {
    const r = await kc(['explain', 'ksvc.spec.template.spec.containers']);
    for (const f of ['image', 'env', 'ports', 'readinessProbe', 'volumeMounts']) expect(r.stdout).toContain(f);
  });

  it('passes a server-side dry run of the tutorials\' manifests', async () => {
    const r = await kc(['apply', '--dry-run=server'], tutorialYaml);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('service.serving.knative.dev/traffic-demo created (server dry run)');
    expect(r.stdout).toContain('subscription.messaging.knative.dev/my-subscription created (server dry run)');
  });

  it('rejects a traffic percent that is not an integer with kube\'s schema message', async () => {
    const bad = tutorialYaml.split('---')[0].replace('percent: 100', 'percent: "fifty"');
    const r = await kc(['apply', '--dry-run=server'], bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'The Service "traffic-demo" is invalid: spec.traffic[0].percent: Invalid value: "string": spec.traffic[0].percent in body must be of type integer: "string"',
    );
  });

  it('leaves an unknown backoff policy and a percent above 100 to the webhooks', async () => {
    const broker = tutorialYaml.split('---')[2].replace('backoffPolicy: exponential', 'backoffPolicy: random');
    const b = await kc(['apply', '--dry-run=server'], broker);
    expect(b.stderr).toContain('invalid value: random: spec.delivery.backoffPolicy');
    const ksvc = tutorialYaml.split('---')[0].replace('percent: 100', 'percent: 150');
    const k = await kc(['apply', '--dry-run=server'], ksvc);
    expect(k.stderr).toContain('expected 0 <= 150 <= 100: spec.traffic[0].percent');
  });
});
