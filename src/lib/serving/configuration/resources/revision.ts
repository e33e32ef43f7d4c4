// The Revision a Configuration stamps out for its current generation (upstream MakeRevision).
import {
  CONFIGURATION_GENERATION_LABEL,
  CONFIGURATION_LABEL,
  CONFIGURATION_UID_LABEL,
  CREATOR_ANNOTATION,
  LAST_MODIFIER_ANNOTATION,
  ROUTES_ANNOTATION,
  ROUTING_STATE_LABEL,
  ROUTING_STATE_MODIFIED_ANNOTATION,
  SERVICE_LABEL,
  SERVICE_UID_LABEL,
  type RoutingState,
} from '../../labels.js';
import { revisionName } from '../../names.js';
import { controllerOwnerRef } from '../../owner.js';
import { SERVING_API_VERSION, type Configuration, type Revision } from '../../types.js';

/** RFC 3339 at second precision, as Go's time.RFC3339 prints a UTC time. */
export function rfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Name of the Revision for the Configuration's current generation: BYO template name or `<config>-0000N`. */
export function latestCreatedRevisionName(config: Configuration): string {
  return config.spec.template.metadata?.name || revisionName(config.metadata.name ?? '', config.metadata.generation ?? 0);
}

/** Sets the routingState label and its modification time on a Revision (mutates `rev`). */
export function setRoutingState(rev: Revision, state: RoutingState, now: Date): void {
  rev.metadata.labels = { ...(rev.metadata.labels ?? {}), [ROUTING_STATE_LABEL]: state };
  rev.metadata.annotations = { ...(rev.metadata.annotations ?? {}), [ROUTING_STATE_MODIFIED_ANNOTATION]: rfc3339(now) };
}

/** Desired Revision for a Configuration's current generation; `now` stamps the routing state. */
export function makeRevision(config: Configuration, now: Date): Revision {
  const tmpl = structuredClone(config.spec.template);
  const meta = config.metadata;
  const rev: Revision = {
    apiVersion: SERVING_API_VERSION,
    kind: 'Revision',
    metadata: {
      name: latestCreatedRevisionName(config),
      namespace: meta.namespace,
      labels: { ...(tmpl.metadata?.labels ?? {}) },
      annotations: { ...(tmpl.metadata?.annotations ?? {}) },
      ownerReferences: [controllerOwnerRef(SERVING_API_VERSION, 'Configuration', meta)],
    },
    spec: tmpl.spec,
  };
  // "pending" tells the route labeler it has not looked at this Revision yet.
  setRoutingState(rev, 'pending', now);
  const labels = rev.metadata.labels!;
  labels[CONFIGURATION_LABEL] = meta.name ?? '';
  labels[CONFIGURATION_GENERATION_LABEL] = String(meta.generation ?? 0);
  if (meta.uid) labels[CONFIGURATION_UID_LABEL] = meta.uid;
  for (const key of [SERVICE_LABEL, SERVICE_UID_LABEL]) {
    const v = meta.labels?.[key];
    if (v) labels[key] = v;
  }
  const anns = rev.metadata.annotations!;
  const modifier = meta.annotations?.[LAST_MODIFIER_ANNOTATION];
  if (modifier !== undefined) anns[CREATOR_ANNOTATION] = modifier;
  const routes = meta.annotations?.[ROUTES_ANNOTATION];
  if (routes !== undefined) {
    // A Configuration already referenced by a Route (always so under a Service) makes live Revisions.
    anns[ROUTES_ANNOTATION] = routes;
    setRoutingState(rev, 'active', now);
  }
  return rev;
}
