// Webhook validation of a Trigger spec (create and update), composed from the field validators.
import { FieldError } from '../field-error.js';
import { validateDeliverySpec, type DeliveryFeatures } from '../delivery/spec.js';
import { validateTriggerFilters } from '../filters/validate.js';
import type { TriggerSpec } from '../types.js';
import { validateDestination } from './destination.js';

/** Validates a Trigger spec; `old` enables the update checks (broker is immutable). */
export function validateTrigger(spec: TriggerSpec, old?: TriggerSpec, features?: DeliveryFeatures): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.broker && spec.brokerRef) {
    errs.push(new FieldError('expected exactly one, got both', ['spec.broker', 'spec.brokerRef']));
  } else if (!spec.broker && !spec.brokerRef) {
    errs.push(new FieldError('missing field(s)', ['spec.broker']));
  }
  errs.push(...validateTriggerFilters(spec));
  errs.push(...validateDestination(spec.subscriber, 'spec.subscriber'));
  errs.push(...validateDeliverySpec(spec.delivery, 'spec.delivery', features));
  if (spec.delivery?.deadLetterSink) errs.push(...validateDestination(spec.delivery.deadLetterSink, 'spec.delivery.deadLetterSink'));
  if (old && old.broker !== spec.broker) {
    errs.push(
      new FieldError(
        'Immutable fields changed (-old +new)',
        ['broker', 'spec'],
        `{string}:\n\t-: ${JSON.stringify(old.broker ?? '')}\n\t+: ${JSON.stringify(spec.broker ?? '')}\n`,
      ),
    );
  }
  return errs;
}
