// The ServerlessService of a PodAutoscaler and the two K8s Services it manages (spec §12):
// `<rev>-private` always selects the pods; `<rev>` (public, no selector) gets its endpoints copied
// from the pods in Serve mode or from the activator in Proxy mode.
import type { Service as K8sService } from '../../../controller/kinds.js';
import { SERVICE_TYPE_LABEL, SKS_LABEL } from '../../labels.js';
import { privateServiceName, publicServiceName, serverlessServiceName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { AUTOSCALING_API_VERSION, NETWORKING_API_VERSION, type PodAutoscaler, type ServerlessService } from '../../types.js';
import {
  AUTOSCALING_METRICS_PORT,
  QUEUE_H2C_PORT,
  QUEUE_HTTPS_PORT,
  QUEUE_HTTP_PORT,
  SERVICE_H2C_PORT,
  SERVICE_HTTPS_PORT,
  SERVICE_HTTP_PORT,
  USER_METRICS_PORT,
} from './ports.js';

/** Desired ServerlessService for a PodAutoscaler in the given mode. */
export function makeServerlessService(pa: PodAutoscaler, mode: 'Serve' | 'Proxy', numActivators: number): ServerlessService {
  return {
    apiVersion: NETWORKING_API_VERSION,
    kind: 'ServerlessService',
    metadata: {
      name: serverlessServiceName(pa.metadata.name ?? ''),
      namespace: pa.metadata.namespace,
      labels: { ...(pa.metadata.labels ?? {}) },
      annotations: { ...(pa.metadata.annotations ?? {}) },
      ownerReferences: [controllerOwnerRef(AUTOSCALING_API_VERSION, 'PodAutoscaler', pa.metadata)],
    },
    spec: { mode, numActivators, objectRef: { ...pa.spec.scaleTargetRef }, protocolType: pa.spec.protocolType },
  };
}

function sksChildMeta(sks: ServerlessService, name: string, type: 'Public' | 'Private') {
  return {
    name,
    namespace: sks.metadata.namespace,
    labels: { ...(sks.metadata.labels ?? {}), [SKS_LABEL]: sks.metadata.name ?? '', [SERVICE_TYPE_LABEL]: type },
    annotations: { ...(sks.metadata.annotations ?? {}) },
    ownerReferences: [controllerOwnerRef(NETWORKING_API_VERSION, 'ServerlessService', sks.metadata)],
  };
}

/** Traffic port of a Revision Service: 80→8012 (`http`), or 81→8013 (`http2`) for h2c. */
function trafficPort(h2c: boolean) {
  return h2c
    ? { name: 'http2', protocol: 'TCP', port: SERVICE_H2C_PORT, targetPort: QUEUE_H2C_PORT }
    : { name: 'http', protocol: 'TCP', port: SERVICE_HTTP_PORT, targetPort: QUEUE_HTTP_PORT };
}

const HTTPS_PORT = { name: 'https', protocol: 'TCP', port: SERVICE_HTTPS_PORT, targetPort: QUEUE_HTTPS_PORT };

/** Public Service `<rev>`: no selector; the SKS reconciler writes its Endpoints. */
export function makePublicService(sks: ServerlessService): K8sService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: sksChildMeta(sks, publicServiceName(sks.metadata.name ?? ''), 'Public'),
    spec: { ports: [trafficPort(sks.spec.protocolType === 'h2c'), HTTPS_PORT] },
  };
}

/** Private Service `<rev>-private`: selects the Revision's pods, plus queue metrics ports. */
export function makePrivateService(sks: ServerlessService, selector: Record<string, string>): K8sService {
  const h2c = sks.spec.protocolType === 'h2c';
  const traffic = { ...trafficPort(h2c), port: SERVICE_HTTP_PORT };
  const queuePort = h2c ? QUEUE_H2C_PORT : QUEUE_HTTP_PORT;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: sksChildMeta(sks, privateServiceName(sks.metadata.name ?? ''), 'Private'),
    spec: {
      selector: { ...selector },
      ports: [
        traffic,
        HTTPS_PORT,
        { name: 'http-autometric', protocol: 'TCP', port: AUTOSCALING_METRICS_PORT, targetPort: AUTOSCALING_METRICS_PORT },
        { name: 'http-usermetric', protocol: 'TCP', port: USER_METRICS_PORT, targetPort: USER_METRICS_PORT },
        { name: `${traffic.name}-istio`, protocol: 'TCP', port: queuePort, targetPort: queuePort },
      ],
    },
  };
}
