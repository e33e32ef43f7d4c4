// Condition helpers every eventing lifecycle shares (dead-letter sink, OIDC, event policies).
import type { Clock } from '../../controller/clock.js';
import type { ConditionManager, ConditionSet, ConditionsHolder } from '../../controller/conditions.js';
import type { Status } from '../../serving/types.js';

/** Condition manager over a typed status (ConditionsHolder wants an index signature our types lack). */
export function manage(set: ConditionSet, status: Status, clock: Clock): ConditionManager {
  return set.manage(status as unknown as ConditionsHolder, clock);
}

/** A resolution result pushed into a lifecycle: a URL, or the resolver's error text. */
export type Resolution = { uri: string; CACerts?: string } | { error: string };

/** Condition type names shared by several kinds. */
export const DEAD_LETTER_SINK_RESOLVED = 'DeadLetterSinkResolved';
export const EVENT_POLICIES_READY = 'EventPoliciesReady';
export const OIDC_IDENTITY_CREATED = 'OIDCIdentityCreated';

/** Marks DeadLetterSinkResolved from an optional resolution; returns the URI when resolved. */
export function markDeadLetterSink(m: ConditionManager, dls: Resolution | undefined): string | undefined {
  if (!dls) {
    m.markTrueWithReason(DEAD_LETTER_SINK_RESOLVED, 'DeadLetterSinkNotConfigured', 'No dead letter sink is configured.');
    return undefined;
  }
  if ('error' in dls) {
    m.markFalse(DEAD_LETTER_SINK_RESOLVED, "Unable to get the DeadLetterSink's URI", dls.error);
    return undefined;
  }
  m.markTrue(DEAD_LETTER_SINK_RESOLVED);
  return dls.uri;
}

/** EventPoliciesReady with OIDC disabled (the default): True, reason OIDCDisabled. */
export function markEventPoliciesOidcDisabled(m: ConditionManager): void {
  m.markTrueWithReason(
    EVENT_POLICIES_READY,
    'OIDCDisabled',
    'Feature "authentication-oidc" must be enabled to support Authorization',
  );
}

/** OIDCIdentityCreated with OIDC disabled: True with only a reason. */
export function markOidcIdentityDisabled(m: ConditionManager): void {
  m.markTrueWithReason(OIDC_IDENTITY_CREATED, 'authentication-oidc feature disabled', '');
}
