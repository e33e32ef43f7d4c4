// Labels and annotations a Revision passes to its Deployment, pods, PodAutoscaler and Services.
import {
  CREATOR_ANNOTATION,
  LAST_MODIFIER_ANNOTATION,
  REVISION_LABEL,
  REVISION_UID_LABEL,
  ROUTES_ANNOTATION,
  ROUTING_STATE_LABEL,
  ROUTING_STATE_MODIFIED_ANNOTATION,
} from '../../labels.js';
import type { Revision } from '../../types.js';

/** Revision labels plus its name and uid (and `app` unless the user set one). */
export function revisionChildLabels(rev: Revision): Record<string, string> {
  const labels: Record<string, string> = { ...(rev.metadata.labels ?? {}) };
  // routingState changes over the Revision's life; copying it would churn every child.
  delete labels[ROUTING_STATE_LABEL];
  labels[REVISION_LABEL] = rev.metadata.name ?? '';
  labels[REVISION_UID_LABEL] = rev.metadata.uid ?? '';
  if (labels.app === undefined) labels.app = rev.metadata.name ?? '';
  return labels;
}

/** Revision annotations minus the bookkeeping ones that change after creation. */
export function revisionChildAnnotations(rev: Revision): Record<string, string> {
  const anns: Record<string, string> = { ...(rev.metadata.annotations ?? {}) };
  for (const k of [ROUTES_ANNOTATION, ROUTING_STATE_MODIFIED_ANNOTATION, CREATOR_ANNOTATION, LAST_MODIFIER_ANNOTATION]) {
    delete anns[k];
  }
  return anns;
}

/** Pod selector of a Revision's Deployment and private Service. */
export function revisionSelector(rev: Revision): Record<string, string> {
  return { [REVISION_UID_LABEL]: rev.metadata.uid ?? '' };
}
