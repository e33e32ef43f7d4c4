import { parseServingConfig } from '../../../../src/lib/serving/config.js';
import { makeDeployment } from '../../../../src/lib/serving/revision/resources/deployment.js';
import { makePodAutoscaler } from '../../../../src/lib/serving/revision/resources/pa.js';
import { queueReadinessProbe } from '../../../../src/lib/serving/revision/resources/queue.js';
import {
  makePrivateService,
  makePublicService,
  makeServerlessService,
} from '../../../../src/lib/serving/revision/resources/services.js';
import type { Revision } from '../../../../src/lib/serving/types.js';

const cfg = parseServingConfig({ 'config-deployment': { 'queue-sidecar-image': 'queue:1' } });

function revision(patch: (r: Revision) => void = () => {}): Revision {
  const r: Revision = {
    metadata: {
      name: 'hello-00001',
      namespace: 'default',
      uid: 'rev-uid',
      labels: {
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/service': 'hello',
        'serving.knative.dev/routingState': 'active',
      },
      annotations: { 'serving.knative.dev/routes': 'hello', 'autoscaling.knative.dev/target': '10' },
    },
    spec: {
      containerConcurrency: 5,
      timeoutSeconds: 120,
      containers: [
        {
          name: 'user-container',
          image: 'img',
          env: [{ name: 'TARGET', value: 'World' }],
          readinessProbe: { tcpSocket: { port: 0 }, successThreshold: 1 },
          livenessProbe: { httpGet: { path: '/healthz', port: 0 } },
        },
      ],
    },
  };
  patch(r);
  return r;
}

const envOf = (c: { env?: { name: string; value?: string }[] }) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));

describe('makeDeployment', () => {
  const d = makeDeployment(revision(), cfg);
  const pod = d.spec!.template.spec!;
  const [user, queue] = pod.containers;

  it('is named <rev>-deployment, owned by the Revision, selecting its uid', () => {
    expect(d.metadata?.name).toBe('hello-00001-deployment');
    expect(d.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Revision', name: 'hello-00001', uid: 'rev-uid', controller: true });
    expect(d.spec?.selector).toEqual({ matchLabels: { 'serving.knative.dev/revisionUID': 'rev-uid' } });
  });
  it('labels pods with revision, uid and app, without routingState', () => {
    expect(d.spec?.template.metadata?.labels).toEqual({
      'serving.knative.dev/configuration': 'hello',
      'serving.knative.dev/service': 'hello',
      'serving.knative.dev/revision': 'hello-00001',
      'serving.knative.dev/revisionUID': 'rev-uid',
      app: 'hello-00001',
    });
    expect(d.metadata?.annotations).toEqual({ 'autoscaling.knative.dev/target': '10' });
  });
  it('starts at initial scale 1 with a 600s progress deadline', () => {
    expect(d.spec?.replicas).toBe(1);
    expect(d.spec?.progressDeadlineSeconds).toBe(600);
  });
  it('gives the user container the user port and runtime env, no readiness probe', () => {
    expect(user.ports).toEqual([{ name: 'user-port', containerPort: 8080, protocol: 'TCP' }]);
    expect(envOf(user)).toEqual({ TARGET: 'World', PORT: '8080', K_REVISION: 'hello-00001', K_CONFIGURATION: 'hello', K_SERVICE: 'hello' });
    expect(user.readinessProbe).toBeUndefined();
    expect(user.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 } });
  });
  it('adds the queue-proxy with its ports and environment', () => {
    expect(queue.name).toBe('queue-proxy');
    expect(queue.image).toBe('queue:1');
    expect(queue.ports?.map((p) => p.containerPort)).toEqual([8022, 9090, 9091, 8012, 8112]);
    expect(queue.resources).toEqual({ requests: { cpu: '25m' } });
    expect(envOf(queue)).toMatchObject({
      SERVING_NAMESPACE: 'default',
      SERVING_SERVICE: 'hello',
      SERVING_CONFIGURATION: 'hello',
      SERVING_REVISION: 'hello-00001',
      QUEUE_SERVING_PORT: '8012',
      CONTAINER_CONCURRENCY: '5',
      REVISION_TIMEOUT_SECONDS: '120',
      USER_PORT: '8080',
      SERVING_READINESS_PROBE: '{"tcpSocket":{"port":8080},"successThreshold":1}',
    });
    expect(queue.env?.find((e) => e.name === 'SERVING_POD')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
  });
  it('uses the revision timeout as termination grace period', () => expect(pod.terminationGracePeriodSeconds).toBe(120));

  it('passes config-deployment queue-sidecar-drain-quiet-period to the queue-proxy only when set', () => {
    expect(envOf(queue)).not.toHaveProperty('QUEUE_DRAIN_QUIET_SECONDS');
    const short = parseServingConfig({ 'config-deployment': { 'queue-sidecar-drain-quiet-period': '2s' } });
    const q = makeDeployment(revision(), short).spec!.template.spec!.containers[1];
    expect(envOf(q)).toMatchObject({ QUEUE_DRAIN_QUIET_SECONDS: '2' });
  });

  it('honours a declared h2c port and initial-scale annotation', () => {
    const d2 = makeDeployment(
      revision((r) => {
        r.spec.containers![0].ports = [{ name: 'h2c', containerPort: 9000 }];
        r.metadata.annotations!['autoscaling.knative.dev/initial-scale'] = '3';
      }),
      cfg,
    );
    const [u, q] = d2.spec!.template.spec!.containers;
    expect(u.ports).toEqual([{ name: 'user-port', containerPort: 9000, protocol: 'TCP' }]);
    expect(envOf(q)).toMatchObject({ USER_PORT: '9000', QUEUE_SERVING_PORT: '8013' });
    expect(d2.spec?.replicas).toBe(3);
  });
});

describe('queueReadinessProbe', () => {
  it.each([
    ['http probe gets the user port and scheme', { httpGet: { path: '/ready', port: 0 }, periodSeconds: 2 },
      { httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' }, periodSeconds: 2, timeoutSeconds: 1 }],
    ['exec probe becomes a TCP check', { exec: { command: ['true'] } }, { tcpSocket: { port: 8080 } }],
    ['explicit port kept', { tcpSocket: { port: 8081 } }, { tcpSocket: { port: 8081 } }],
  ])('%s', (_n, probe, want) => {
    expect(queueReadinessProbe(revision((r) => (r.spec.containers![0].readinessProbe = probe as never)))).toEqual(want);
  });
});

describe('makePodAutoscaler', () => {
  it('targets the Deployment with class and metric annotations filled', () => {
    const pa = makePodAutoscaler(revision(), cfg);
    expect(pa.metadata.name).toBe('hello-00001');
    expect(pa.metadata.annotations).toEqual({
      'autoscaling.knative.dev/target': '10',
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'concurrency',
    });
    expect(pa.spec).toEqual({
      containerConcurrency: 5,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' },
      reachability: 'Reachable',
      protocolType: 'http1',
    });
  });
  it.each([
    ['reserve', 'Unreachable'],
    ['pending', ''],
  ])('routingState %s ⇒ reachability %j', (state, want) => {
    const pa = makePodAutoscaler(revision((r) => (r.metadata.labels!['serving.knative.dev/routingState'] = state)), cfg);
    expect(pa.spec.reachability).toBe(want);
  });
});

describe('SKS and revision Services', () => {
  const pa = makePodAutoscaler(revision(), cfg);
  pa.metadata.uid = 'pa-uid';
  const sks = makeServerlessService(pa, 'Proxy', 2);
  it('SKS mirrors the PA target', () => {
    expect(sks.spec).toEqual({
      mode: 'Proxy',
      numActivators: 2,
      objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' },
      protocolType: 'http1',
    });
    expect(sks.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'PodAutoscaler', uid: 'pa-uid' });
  });
  it('public Service has no selector and ports 80/443', () => {
    const pub = makePublicService(sks);
    expect(pub.metadata?.name).toBe('hello-00001');
    expect(pub.spec?.selector).toBeUndefined();
    expect(pub.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([['http', 80, 8012], ['https', 443, 8112]]);
    expect(pub.metadata?.labels?.['networking.internal.knative.dev/serviceType']).toBe('Public');
  });
  it('private Service selects the pods and exposes metrics', () => {
    const priv = makePrivateService(sks, { 'serving.knative.dev/revisionUID': 'rev-uid' });
    expect(priv.metadata?.name).toBe('hello-00001-private');
    expect(priv.spec?.selector).toEqual({ 'serving.knative.dev/revisionUID': 'rev-uid' });
    expect(priv.spec?.ports?.map((p) => [p.name, p.port, p.targetPort])).toEqual([
      ['http', 80, 8012], ['https', 443, 8112], ['http-autometric', 9090, 9090], ['http-usermetric', 9091, 9091], ['http-istio', 8012, 8012],
    ]);
  });
});
