// The Configuration a Service owns (upstream service/resources MakeConfiguration).
import { LAST_APPLIED_ANNOTATION, ROLLOUT_DURATION_ANNOTATION, ROUTES_ANNOTATION, SERVICE_LABEL, SERVICE_UID_LABEL } from '../../labels.js';
import { serviceConfigurationName, serviceRouteName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { SERVING_API_VERSION, type Configuration, type Service } from '../../types.js';

/** Service annotations minus those meaningless on the child. */
export function childAnnotations(svc: Service, drop: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { ...(svc.metadata.annotations ?? {}) };
  for (const k of drop) delete out[k];
  return out;
}

/** Labels every Service child carries: the Service's own plus its name and uid. */
export function serviceChildLabels(svc: Service): Record<string, string> {
  return {
    ...(svc.metadata.labels ?? {}),
    [SERVICE_LABEL]: svc.metadata.name ?? '',
    [SERVICE_UID_LABEL]: svc.metadata.uid ?? '',
  };
}

/** Desired Configuration for a Service: same name, template copied, routes annotation set. */
export function makeConfiguration(svc: Service): Configuration {
  const name = svc.metadata.name ?? '';
  return {
    apiVersion: SERVING_API_VERSION,
    kind: 'Configuration',
    metadata: {
      name: serviceConfigurationName(name),
      namespace: svc.metadata.namespace,
      labels: serviceChildLabels(svc),
      annotations: {
        ...childAnnotations(svc, [LAST_APPLIED_ANNOTATION, ROLLOUT_DURATION_ANNOTATION]),
        // The Route of a Service is named like it; this makes new Revisions start out "active".
        [ROUTES_ANNOTATION]: serviceRouteName(name),
      },
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Service', svc.metadata)],
    },
    spec: { template: structuredClone(svc.spec.template) },
  };
}
