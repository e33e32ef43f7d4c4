// The Deployment that runs a Revision's pods: user container(s) plus the queue-proxy
// (upstream MakeDeployment / makePodSpec).
import type { V1Container, V1EnvVar, V1PodSpec, V1Probe } from '@kubernetes/client-node';
import { INITIAL_SCALE_ANNOTATION, getAnnotation } from '../../autoscaler/annotations.js';
import type { ServingConfig } from '../../config.js';
import type { Deployment } from '../../../controller/kinds.js';
import { parseGoDuration } from '../../duration.js';
import { CONFIGURATION_LABEL, PROGRESS_DEADLINE_ANNOTATION, SERVICE_LABEL } from '../../labels.js';
import { deploymentName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { SERVING_API_VERSION, type Revision } from '../../types.js';
import { revisionChildAnnotations, revisionChildLabels, revisionSelector } from './labels.js';
import { QUEUE_ADMIN_PORT, USER_PORT_NAME, servingContainerIndex, userPort } from './ports.js';
import { makeQueueContainer } from './queue.js';

/** Pod-spec fields copied from the RevisionSpec as they are. */
const POD_FIELDS = [
  'serviceAccountName',
  'volumes',
  'imagePullSecrets',
  'enableServiceLinks',
  'automountServiceAccountToken',
  'affinity',
  'topologySpreadConstraints',
  'hostAliases',
  'nodeSelector',
  'tolerations',
  'runtimeClassName',
  'dnsPolicy',
  'dnsConfig',
  'securityContext',
  'shareProcessNamespace',
  'hostIPC',
  'hostPID',
  'hostNetwork',
  'priorityClassName',
  'schedulerName',
  'initContainers',
] as const;

/** Liveness/startup probes target the user port when they name none. */
function rewriteProbe(p: V1Probe | undefined, port: number): V1Probe | undefined {
  if (!p) return undefined;
  const out = structuredClone(p);
  if (out.httpGet && (!out.httpGet.port || typeof out.httpGet.port === 'string')) out.httpGet.port = port;
  if (out.tcpSocket && (!out.tcpSocket.port || typeof out.tcpSocket.port === 'string')) out.tcpSocket.port = port;
  if (out.grpc && !out.grpc.port) out.grpc.port = port;
  return out;
}

function runtimeEnv(rev: Revision, port: number): V1EnvVar[] {
  const labels = rev.metadata.labels ?? {};
  return [
    { name: 'PORT', value: String(port) },
    { name: 'K_REVISION', value: rev.metadata.name ?? '' },
    { name: 'K_CONFIGURATION', value: labels[CONFIGURATION_LABEL] ?? '' },
    { name: 'K_SERVICE', value: labels[SERVICE_LABEL] ?? '' },
  ];
}

/** The serving container as it runs: fixed user port, runtime env, readiness left to the queue-proxy. */
function makeServingContainer(c: V1Container, rev: Revision): V1Container {
  const port = userPort(rev.spec);
  const out: V1Container = structuredClone(c);
  out.ports = [{ name: USER_PORT_NAME, containerPort: port, protocol: 'TCP' }];
  out.env = [...(c.env ?? []), ...runtimeEnv(rev, port)];
  delete out.readinessProbe;
  const liveness = rewriteProbe(c.livenessProbe, port);
  if (liveness) out.livenessProbe = liveness;
  const startup = rewriteProbe(c.startupProbe, port);
  if (startup) out.startupProbe = startup;
  out.terminationMessagePolicy ??= 'FallbackToLogsOnError';
  // Let in-flight requests finish: the queue-proxy's drain endpoint returns once it is idle.
  out.lifecycle = { preStop: { httpGet: { path: '/wait-for-drain', port: QUEUE_ADMIN_PORT } } };
  return out;
}

function makeSidecar(c: V1Container, rev: Revision): V1Container {
  const out: V1Container = structuredClone(c);
  out.env = [...(c.env ?? []), ...runtimeEnv(rev, userPort(rev.spec)).filter((e) => e.name !== 'PORT')];
  out.terminationMessagePolicy ??= 'FallbackToLogsOnError';
  return out;
}

/** Pod spec of a Revision: its containers (serving one rewritten) plus the queue-proxy. */
export function makePodSpec(rev: Revision, cfg: ServingConfig): V1PodSpec {
  const spec = rev.spec;
  const serving = servingContainerIndex(spec);
  const containers = (spec.containers ?? []).map((c, i) =>
    i === serving ? makeServingContainer(c, rev) : makeSidecar(c, rev),
  );
  containers.push(makeQueueContainer(rev, cfg));
  const pod: V1PodSpec = { containers };
  for (const f of POD_FIELDS) {
    const v = spec[f];
    if (v !== undefined) (pod as unknown as Record<string, unknown>)[f] = structuredClone(v);
  }
  // Give requests up to the revision timeout to finish on shutdown.
  pod.terminationGracePeriodSeconds = spec.timeoutSeconds ?? cfg.defaults.revisionTimeoutSeconds;
  return pod;
}

/** Replicas a new Deployment starts with: initial-scale annotation, else config-autoscaler's. */
export function initialReplicas(rev: Revision, cfg: ServingConfig): number {
  const found = getAnnotation(rev.metadata.annotations ?? {}, INITIAL_SCALE_ANNOTATION);
  const n = found ? Number(found.value) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : cfg.autoscaler.initialScale;
}

/** Progress deadline in seconds: the Revision annotation, else config-deployment's. */
export function progressDeadlineSeconds(rev: Revision, cfg: ServingConfig): number {
  const v = rev.metadata.annotations?.[PROGRESS_DEADLINE_ANNOTATION];
  const ms = v !== undefined ? parseGoDuration(v) : undefined;
  return Math.floor((ms !== undefined && ms > 0 ? ms : cfg.deployment.progressDeadlineMs) / 1000);
}

type WirePodSpec = NonNullable<Deployment['spec']>['template']['spec'];

/** Desired Deployment for a Revision. The autoscaler owns `spec.replicas` after creation. */
export function makeDeployment(rev: Revision, cfg: ServingConfig): Deployment {
  const labels = revisionChildLabels(rev);
  const annotations = revisionChildAnnotations(rev);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: deploymentName(rev.metadata.name ?? ''),
      namespace: rev.metadata.namespace,
      labels,
      annotations,
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Revision', rev.metadata)],
    },
    spec: {
      replicas: initialReplicas(rev, cfg),
      selector: { matchLabels: revisionSelector(rev) },
      progressDeadlineSeconds: progressDeadlineSeconds(rev, cfg),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      template: {
        metadata: { labels, annotations },
        // Pod specs carry no Date fields, so the client-node model is already the wire shape.
        spec: makePodSpec(rev, cfg) as unknown as WirePodSpec,
      },
    },
  };
}
