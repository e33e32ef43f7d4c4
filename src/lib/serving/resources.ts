// REST resources of the objects serving reconcilers read and write.
import { resource, Resources } from '../controller/resources.js';

/** Serving, autoscaling and networking resources, plus the core ones reconcilers touch. */
export const ServingResources = {
  services: resource('serving.knative.dev', 'v1', 'services', 'Service'),
  configurations: resource('serving.knative.dev', 'v1', 'configurations', 'Configuration'),
  revisions: resource('serving.knative.dev', 'v1', 'revisions', 'Revision'),
  routes: resource('serving.knative.dev', 'v1', 'routes', 'Route'),
  podAutoscalers: resource('autoscaling.internal.knative.dev', 'v1alpha1', 'podautoscalers', 'PodAutoscaler'),
  serverlessServices: resource('networking.internal.knative.dev', 'v1alpha1', 'serverlessservices', 'ServerlessService'),
  ingresses: resource('networking.internal.knative.dev', 'v1alpha1', 'ingresses', 'Ingress'),
  deployments: Resources.deployments,
  k8sServices: Resources.services,
  pods: Resources.pods,
} as const;
