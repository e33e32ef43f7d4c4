// The PodAutoscaler of a Revision (upstream revision/resources MakePA), with class and metric
// annotations filled so the autoscaler never has to guess.
import { CLASS_ANNOTATION, METRIC_ANNOTATION, getAnnotation } from '../../autoscaler/annotations.js';
import type { ServingConfig } from '../../config.js';
import { AUTOSCALING_CLASS_ANNOTATION, AUTOSCALING_METRIC_ANNOTATION, HPA_CLASS, ROUTING_STATE_LABEL } from '../../labels.js';
import { deploymentName, podAutoscalerName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { AUTOSCALING_API_VERSION, SERVING_API_VERSION, type PodAutoscaler, type Revision } from '../../types.js';
import { revisionChildAnnotations, revisionChildLabels } from './labels.js';
import { protocolType } from './ports.js';

/** Reachable when routed to, Unreachable when in reserve, "" while pending. */
export function reachability(rev: Revision): '' | 'Reachable' | 'Unreachable' {
  switch (rev.metadata.labels?.[ROUTING_STATE_LABEL]) {
    case 'active':
      return 'Reachable';
    case 'reserve':
      return 'Unreachable';
    default:
      return '';
  }
}

/** Desired PodAutoscaler for a Revision. */
export function makePodAutoscaler(rev: Revision, cfg: ServingConfig): PodAutoscaler {
  const anns = revisionChildAnnotations(rev);
  const cls = getAnnotation(anns, CLASS_ANNOTATION)?.value ?? cfg.autoscaler.podAutoscalerClass;
  anns[AUTOSCALING_CLASS_ANNOTATION] = cls;
  if (!getAnnotation(anns, METRIC_ANNOTATION)) {
    anns[AUTOSCALING_METRIC_ANNOTATION] = cls === HPA_CLASS ? 'cpu' : 'concurrency';
  }
  return {
    apiVersion: AUTOSCALING_API_VERSION,
    kind: 'PodAutoscaler',
    metadata: {
      name: podAutoscalerName(rev.metadata.name ?? ''),
      namespace: rev.metadata.namespace,
      labels: revisionChildLabels(rev),
      annotations: anns,
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Revision', rev.metadata)],
    },
    spec: {
      containerConcurrency: rev.spec.containerConcurrency ?? 0,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName(rev.metadata.name ?? '') },
      reachability: reachability(rev),
      protocolType: protocolType(rev.spec),
    },
  };
}
