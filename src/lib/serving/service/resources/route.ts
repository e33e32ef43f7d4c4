// The Route a Service owns (upstream service/resources MakeRoute).
import { LAST_APPLIED_ANNOTATION, SERVICE_LABEL } from '../../labels.js';
import { serviceConfigurationName, serviceRouteName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { SERVING_API_VERSION, type Route, type Service, type TrafficTarget } from '../../types.js';
import { childAnnotations } from './configuration.js';

/** Desired Route for a Service: its traffic, with latest-revision targets bound to its Configuration. */
export function makeRoute(svc: Service): Route {
  const name = svc.metadata.name ?? '';
  const traffic: TrafficTarget[] = (svc.spec.traffic ?? []).map((t) => {
    const copy = { ...t };
    if (!copy.revisionName) copy.configurationName = serviceConfigurationName(name);
    return copy;
  });
  return {
    apiVersion: SERVING_API_VERSION,
    kind: 'Route',
    metadata: {
      name: serviceRouteName(name),
      namespace: svc.metadata.namespace,
      // Upstream Routes carry the service label but not the serviceUID one.
      labels: { ...(svc.metadata.labels ?? {}), [SERVICE_LABEL]: name },
      annotations: childAnnotations(svc, [LAST_APPLIED_ANNOTATION]),
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Service', svc.metadata)],
    },
    spec: { traffic },
  };
}
