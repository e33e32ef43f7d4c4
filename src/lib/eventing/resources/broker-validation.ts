// Webhook validation of Broker and Subscription objects (create and update), upstream messages.
import { jsonEqual } from '../../controller/objects.js';
import { FieldError, missingField } from '../field-error.js';
import { validateDeliverySpec, type DeliveryFeatures } from '../delivery/spec.js';
import type { Broker, Subscription } from '../types.js';
import { validateDestination } from './destination.js';
import { BROKER_CLASS_ANNOTATION } from './kinds.js';

// A compact stand-in for upstream's go-cmp diff in immutability errors.
const diff = (label: string, a: unknown, b: unknown) => `${label}:\n\t-: ${JSON.stringify(a)}\n\t+: ${JSON.stringify(b)}\n`;

/** Validates a Broker; `old` enables the update checks (spec other than delivery, and the class, are immutable). */
export function validateBroker(broker: Broker, old?: Broker, features?: DeliveryFeatures): FieldError[] {
  const errs: FieldError[] = [];
  const cls = broker.metadata.annotations?.[BROKER_CLASS_ANNOTATION];
  if (!cls) errs.push(missingField(BROKER_CLASS_ANNOTATION));
  errs.push(...validateDeliverySpec(broker.spec?.delivery, 'spec.delivery', features));
  if (broker.spec?.delivery?.deadLetterSink) {
    errs.push(...validateDestination(broker.spec.delivery.deadLetterSink, 'spec.delivery.deadLetterSink'));
  }
  if (old) {
    const { delivery: _n, ...newSpec } = broker.spec ?? {};
    const { delivery: _o, ...oldSpec } = old.spec ?? {};
    if (!jsonEqual(newSpec, oldSpec)) {
      errs.push(new FieldError('Immutable fields changed (-old +new)', ['spec'], diff('spec', oldSpec, newSpec)));
    }
    const oldCls = old.metadata.annotations?.[BROKER_CLASS_ANNOTATION];
    if (oldCls !== undefined && cls !== oldCls) {
      errs.push(new FieldError('Immutable annotations changed (-old +new)', ['annotations'], diff(BROKER_CLASS_ANNOTATION, oldCls, cls)));
    }
  }
  return errs;
}

/** Validates a Subscription; `old` enables the update check (spec.channel is immutable). */
export function validateSubscription(sub: Subscription, old?: Subscription, features?: DeliveryFeatures): FieldError[] {
  const errs: FieldError[] = [];
  const ch = sub.spec.channel;
  if (!ch || (!ch.name && !ch.kind && !ch.apiVersion)) {
    errs.push(new FieldError('missing field(s)', ['spec.channel'], 'the Subscription must reference a channel'));
  } else {
    const missing = (['name', 'kind', 'apiVersion'] as const).filter((f) => !ch[f]).map((f) => `spec.channel.${f}`);
    if (missing.length) errs.push(missingField(...missing));
  }
  const sr = sub.spec.subscriber;
  if (!sr || (!sr.ref && !sr.uri)) {
    errs.push(new FieldError('missing field(s)', ['spec.subscriber'], 'the Subscription must reference a subscriber'));
  } else {
    errs.push(...validateDestination(sr, 'spec.subscriber'));
  }
  if (sub.spec.reply) errs.push(...validateDestination(sub.spec.reply, 'spec.reply'));
  errs.push(...validateDeliverySpec(sub.spec.delivery, 'spec.delivery', features));
  if (old && !jsonEqual(old.spec.channel, sub.spec.channel)) {
    errs.push(new FieldError('Immutable fields changed (-old +new)', ['spec'], diff('channel', old.spec.channel, sub.spec.channel)));
  }
  return errs;
}
