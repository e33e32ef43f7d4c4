// Local mode's equivalent of upstream's eventing webhooks: defaulting (broker class, config and
// delivery from config-br-defaults; trigger filter, subscriber namespace and broker label; channel
// template from default-ch-webhook) then validation, on the API server's in-process admission chain.
import { AdmissionDenied, type AdmissionRequest } from '../cluster/apiserver/admission.js';
import type { AdmissionRegistry } from '../serving/webhook/admission-hook.js';
import { formatFieldErrors } from '../serving/webhook/field-error.js';
import type { DeliveryFeatures } from './delivery/spec.js';
import type { FieldError } from './field-error.js';
import { validateBroker, validateSubscription } from './resources/broker-validation.js';
import { defaultBroker, defaultTrigger, parseDefaultChannel, type BrokerDefaultsConfig } from './resources/config.js';
import { validatePingSource } from './resources/pingsource.js';
import { validateTrigger } from './resources/trigger-validation.js';
import type { Broker, Channel, PingSource, Subscription, Trigger } from './types.js';

/** Upstream's validating webhook name (denials read `admission webhook "<name>" denied the request: ...`). */
export const EVENTING_VALIDATION_WEBHOOK = 'validation.webhook.eventing.knative.dev';

/** The eventing configuration admission reads at request time. */
export interface EventingAdmissionConfig {
  brokerDefaults(): BrokerDefaultsConfig;
  /** default-ch-webhook data. */
  defaultChannelData(): Record<string, string> | undefined;
  features(): DeliveryFeatures;
  /** config-ping-defaults data-max-size (-1 = unlimited). */
  pingDataMaxSize(): number;
}

type Admit = (obj: any, old: any | undefined, cfg: EventingAdmissionConfig) => { object: any; errors: FieldError[] };

const ADMITTERS: { group: string; kind: string; admit: Admit }[] = [
  {
    group: 'eventing.knative.dev',
    kind: 'Broker',
    admit: (obj: Broker, old: Broker | undefined, cfg) => {
      const object = defaultBroker(obj, cfg.brokerDefaults());
      return { object, errors: validateBroker(object, old, cfg.features()) };
    },
  },
  {
    group: 'eventing.knative.dev',
    kind: 'Trigger',
    admit: (obj: Trigger, old: Trigger | undefined, cfg) => {
      const object = defaultTrigger({ ...obj, spec: obj.spec ?? {} });
      return { object, errors: validateTrigger(object.spec, old?.spec, cfg.features()) };
    },
  },
  {
    group: 'messaging.knative.dev',
    kind: 'Subscription',
    admit: (obj: Subscription, old: Subscription | undefined, cfg) => {
      const object = { ...obj, spec: obj.spec ?? {} } as Subscription;
      return { object, errors: validateSubscription(object, old, cfg.features()) };
    },
  },
  {
    group: 'messaging.knative.dev',
    kind: 'Channel',
    admit: (obj: Channel, _old, cfg) => {
      const object = structuredClone(obj);
      if (!object.spec?.channelTemplate) {
        object.spec = { ...object.spec, channelTemplate: parseDefaultChannel(cfg.defaultChannelData(), object.metadata?.namespace ?? '') };
      }
      return { object, errors: [] };
    },
  },
  {
    group: 'sources.knative.dev',
    kind: 'PingSource',
    admit: (obj: PingSource, _old, cfg) => ({ object: obj, errors: validatePingSource(obj.spec ?? {}, cfg.pingDataMaxSize()) }),
  },
];

/** The denial text of the validating webhook. */
export function formatEventingDenial(errors: FieldError[]): string {
  return `validation failed: ${formatFieldErrors(errors.map((e) => ({ message: e.reason, paths: e.paths, details: e.details || undefined })))}`;
}

/** Registers defaulting + validation for the eventing kinds; returns an unregister function. */
export function registerEventingAdmission(chain: AdmissionRegistry, cfg: EventingAdmissionConfig): () => void {
  const unregister = ADMITTERS.map(({ group, kind, admit }) =>
    chain.register({ group, kind, type: 'mutating', name: EVENTING_VALIDATION_WEBHOOK }, (req: AdmissionRequest) => {
      // Status writes are the controllers'; upstream's webhooks skip them too.
      if (req.subresource === 'status') return req.object;
      // Objects on their way out (finalizers being removed) are not re-validated.
      if (req.object?.metadata?.deletionTimestamp) return req.object;
      const { object, errors } = admit(req.object, req.oldObject, cfg);
      if (errors.length > 0) throw new AdmissionDenied(formatEventingDenial(errors));
      return object;
    }),
  );
  return () => unregister.forEach((u) => u());
}
