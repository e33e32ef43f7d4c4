// The queue-proxy sidecar injected into every Revision pod (spec §12; upstream makeQueueContainer).
// Its environment is the contract with src/lib/serving/queue/env.ts.
import type { V1Container, V1EnvVar, V1Probe } from '@kubernetes/client-node';
import { featureOn, type ServingConfig } from '../../config.js';
import { CONFIGURATION_LABEL, SERVICE_LABEL } from '../../labels.js';
import type { Revision } from '../../types.js';
import {
  AUTOSCALING_METRICS_PORT,
  QUEUE_ADMIN_PORT,
  QUEUE_HTTPS_PORT,
  queueServingPort,
  servingContainerIndex,
  userPort,
} from './ports.js';

/** Name of the injected sidecar. */
export const QUEUE_CONTAINER_NAME = 'queue-proxy';
/** Header the queue-proxy's own readiness probe carries, so it answers from its probe state. */
export const PROBE_HEADER = 'K-Network-Probe';

/** The user readiness probe, pointed at the user port, as the queue-proxy runs it. */
export function queueReadinessProbe(rev: Revision): V1Probe | undefined {
  const c = rev.spec.containers?.[servingContainerIndex(rev.spec)];
  if (!c?.readinessProbe) return undefined;
  const p: V1Probe = structuredClone(c.readinessProbe);
  const port = userPort(rev.spec);
  if (p.httpGet) {
    if (!p.httpGet.port || typeof p.httpGet.port === 'string') p.httpGet.port = port;
    p.httpGet.scheme ??= 'HTTP';
  } else if (p.tcpSocket) {
    if (!p.tcpSocket.port || typeof p.tcpSocket.port === 'string') p.tcpSocket.port = port;
  } else if (p.grpc) {
    if (!p.grpc.port) p.grpc.port = port;
  } else if (p.exec) {
    // Exec probes stay on the user container (kubelet runs them); the queue-proxy checks TCP.
    delete p.exec;
    p.tcpSocket = { port };
  }
  if ((p.periodSeconds ?? 0) > 0 && (p.timeoutSeconds ?? 0) < 1) p.timeoutSeconds = 1;
  return p;
}

function env(name: string, value: string): V1EnvVar {
  return { name, value };
}

function fieldEnv(name: string, fieldPath: string): V1EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** Environment of the queue-proxy container. */
export function queueEnv(rev: Revision, cfg: ServingConfig): V1EnvVar[] {
  const spec = rev.spec;
  const labels = rev.metadata.labels ?? {};
  const probe = queueReadinessProbe(rev);
  return [
    env('SERVING_NAMESPACE', rev.metadata.namespace ?? ''),
    env('SERVING_SERVICE', labels[SERVICE_LABEL] ?? ''),
    env('SERVING_CONFIGURATION', labels[CONFIGURATION_LABEL] ?? ''),
    env('SERVING_REVISION', rev.metadata.name ?? ''),
    env('QUEUE_SERVING_PORT', String(queueServingPort(rev))),
    env('QUEUE_SERVING_TLS_PORT', String(QUEUE_HTTPS_PORT)),
    env('CONTAINER_CONCURRENCY', String(spec.containerConcurrency ?? 0)),
    env('REVISION_TIMEOUT_SECONDS', String(spec.timeoutSeconds ?? cfg.defaults.revisionTimeoutSeconds)),
    env('REVISION_RESPONSE_START_TIMEOUT_SECONDS', String(spec.responseStartTimeoutSeconds ?? 0)),
    env('REVISION_IDLE_TIMEOUT_SECONDS', String(spec.idleTimeoutSeconds ?? 0)),
    fieldEnv('SERVING_POD', 'metadata.name'),
    fieldEnv('SERVING_POD_IP', 'status.podIP'),
    env('SERVING_ENABLE_REQUEST_LOG', 'false'),
    env('SERVING_REQUEST_METRICS_BACKEND', 'prometheus'),
    env('USER_PORT', String(userPort(spec))),
    env('SYSTEM_NAMESPACE', 'knative-serving'),
    env('METRICS_DOMAIN', 'knative.dev/internal/serving'),
    env('SERVING_READINESS_PROBE', probe ? JSON.stringify(probe) : ''),
    env('ENABLE_PROFILING', 'false'),
    env('SERVING_ENABLE_PROBE_REQUEST_LOG', 'false'),
    fieldEnv('HOST_IP', 'status.hostIP'),
    env('ENABLE_HTTP2_AUTO_DETECTION', String(featureOn(cfg.features, 'autodetect-http2'))),
    env('ENABLE_MULTI_CONTAINER_PROBES', String(featureOn(cfg.features, 'multi-container-probing'))),
    // Only when config-deployment sets it, so Deployments of clusters that do not are unchanged.
    ...(cfg.deployment.queueSidecarDrainQuietMs !== undefined
      ? [env('QUEUE_DRAIN_QUIET_SECONDS', String(cfg.deployment.queueSidecarDrainQuietMs / 1000))]
      : []),
  ];
}

function queueResources(cfg: ServingConfig): V1Container['resources'] {
  const d = cfg.deployment;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (d.queueSidecarCPURequest) requests.cpu = d.queueSidecarCPURequest;
  if (d.queueSidecarMemoryRequest) requests.memory = d.queueSidecarMemoryRequest;
  if (d.queueSidecarEphemeralStorageRequest) requests['ephemeral-storage'] = d.queueSidecarEphemeralStorageRequest;
  if (d.queueSidecarCPULimit) limits.cpu = d.queueSidecarCPULimit;
  if (d.queueSidecarMemoryLimit) limits.memory = d.queueSidecarMemoryLimit;
  if (d.queueSidecarEphemeralStorageLimit) limits['ephemeral-storage'] = d.queueSidecarEphemeralStorageLimit;
  const out: V1Container['resources'] = {};
  if (Object.keys(requests).length) out.requests = requests;
  if (Object.keys(limits).length) out.limits = limits;
  return out;
}

/** The queue-proxy container for a Revision. */
export function makeQueueContainer(rev: Revision, cfg: ServingConfig): V1Container {
  const servingPort = queueServingPort(rev);
  return {
    name: QUEUE_CONTAINER_NAME,
    image: cfg.deployment.queueSidecarImage,
    resources: queueResources(cfg),
    ports: [
      { name: 'http-queueadm', containerPort: QUEUE_ADMIN_PORT, protocol: 'TCP' },
      { name: 'http-autometric', containerPort: AUTOSCALING_METRICS_PORT, protocol: 'TCP' },
      { name: 'http-usermetric', containerPort: 9091, protocol: 'TCP' },
      { name: 'queue-port', containerPort: servingPort, protocol: 'TCP' },
      { name: 'https-port', containerPort: QUEUE_HTTPS_PORT, protocol: 'TCP' },
    ],
    // Kubelet asks the queue-proxy, which answers from its own probing of the user container.
    readinessProbe: {
      httpGet: { port: servingPort, httpHeaders: [{ name: PROBE_HEADER, value: 'queue' }] },
      periodSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
      timeoutSeconds: 1,
    },
    env: queueEnv(rev, cfg),
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}
