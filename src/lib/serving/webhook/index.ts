// The admission entry point: default, then validate, one Serving object — what the API server's
// in-process admission hook calls for serving.knative.dev/v1 creates and updates.
import type { ServingConfig } from '../config.js';
import type { Configuration, Revision, Route, Service } from '../types.js';
import {
  setConfigurationDefaults,
  setRevisionDefaults,
  setRouteDefaults,
  setServiceDefaults,
  type DefaultingContext,
} from './defaults.js';
import { formatDenial, type FieldError } from './field-error.js';
import { validateConfiguration, validateRevision, validateRoute, validateService } from './validate.js';

export { formatDenial, formatFieldErrors, VALIDATION_WEBHOOK_NAME, type FieldError } from './field-error.js';

/** Kinds this webhook admits. */
export type ServingKind = 'Service' | 'Configuration' | 'Revision' | 'Route';

/** Request details beyond the object itself. */
export interface AdmissionOptions {
  /** Authenticated user name; sets serving.knative.dev/creator and lastModifier. */
  username?: string;
  /** A status subresource write: upstream skips defaulting and validation for those. */
  statusUpdate?: boolean;
}

/** The defaulted object plus any validation errors (empty ⇒ admit). */
export interface AdmissionResult<T> {
  object: T;
  errors: FieldError[];
}

/** True when `kind` is one this webhook handles. */
export function isServingKind(kind: string): kind is ServingKind {
  return kind === 'Service' || kind === 'Configuration' || kind === 'Revision' || kind === 'Route';
}

/**
 * Defaults a copy of `obj` and validates it (`oldObj` given ⇒ update). Never mutates its inputs.
 * Render a denial with `formatDenial(result.errors)`.
 */
export function defaultAndValidate<T extends object>(
  kind: ServingKind,
  obj: T,
  oldObj: T | undefined,
  config: ServingConfig,
  opts: AdmissionOptions = {},
): AdmissionResult<T> {
  const copy = structuredClone(obj) as T & { metadata?: object };
  if (opts.statusUpdate) return { object: copy, errors: [] };
  copy.metadata ??= {};
  const ctx: DefaultingContext = { config, create: oldObj === undefined, username: opts.username };
  switch (kind) {
    case 'Service': {
      const svc = copy as unknown as Service;
      setServiceDefaults(svc, oldObj as Service | undefined, ctx);
      return { object: copy, errors: validateService(svc, oldObj as Service | undefined, config) };
    }
    case 'Configuration': {
      const c = copy as unknown as Configuration;
      setConfigurationDefaults(c, oldObj as Configuration | undefined, ctx);
      return { object: copy, errors: validateConfiguration(c, oldObj as Configuration | undefined, config) };
    }
    case 'Route': {
      const r = copy as unknown as Route;
      setRouteDefaults(r, oldObj as Route | undefined, ctx);
      return { object: copy, errors: validateRoute(r, oldObj as Route | undefined) };
    }
    case 'Revision': {
      const rev = copy as unknown as Revision;
      // Defaulting an existing Revision could change its immutable spec (knative/serving#8128).
      if (ctx.create) setRevisionDefaults(rev, ctx);
      return { object: copy, errors: validateRevision(rev, oldObj as Revision | undefined, config) };
    }
  }
}

/** Convenience for the API server: the denial message, or undefined when admitted. */
export function admissionDenial(errors: readonly FieldError[]): string | undefined {
  return errors.length === 0 ? undefined : formatDenial([...errors]);
}
