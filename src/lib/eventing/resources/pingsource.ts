// PingSource validation, status, and the entry it becomes in the ping adapter.
import { newLivingConditionSet } from '../../controller/conditions.js';
import { realClock, type Clock } from '../../controller/clock.js';
import { deepCopy } from '../../controller/objects.js';
import { FieldError, invalidValue } from '../field-error.js';
import type { PingSourceConfig } from '../ping/adapter.js';
import { parsePingSchedule } from '../ping/schedule.js';
import type { PingSource } from '../types.js';
import { manage, markOidcIdentityDisabled, OIDC_IDENTITY_CREATED, type Resolution } from './common.js';
import { validateDestination } from './destination.js';

/** PingSource condition types. */
export const PingSourceConditions = {
  sinkProvided: 'SinkProvided',
  deployed: 'Deployed',
  oidc: OIDC_IDENTITY_CREATED,
} as const;

/** The living condition set of a PingSource. */
export const pingSourceConditionSet = newLivingConditionSet(...Object.values(PingSourceConditions));

/** Name of the shared adapter Deployment. */
export const PING_ADAPTER_DEPLOYMENT = 'pingsource-mt-adapter';

const EXTENSION_NAME_DETAILS =
  "CloudEvents attribute names MUST consist of lower-case letters ('a' to 'z') or digits ('0' to '9') from the ASCII character set";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Validates a PingSource spec (upstream messages); `dataMaxSize` from config-ping-defaults (-1 = unlimited). */
export function validatePingSource(spec: PingSource['spec'], dataMaxSize = -1): FieldError[] {
  const errs: FieldError[] = [];
  try {
    parsePingSchedule(spec.schedule, spec.timezone);
  } catch (e) {
    if (e instanceof FieldError) errs.push(e);
    else throw e;
  }
  let bytes: Buffer | undefined;
  if (spec.data && spec.dataBase64) {
    errs.push(new FieldError('expected exactly one, got both', ['spec.data', 'spec.dataBase64']));
  } else if (spec.dataBase64) {
    if (!BASE64.test(spec.dataBase64)) errs.push(invalidValue('illegal base64 data', 'spec.dataBase64'));
    else bytes = Buffer.from(spec.dataBase64, 'base64');
  } else if (spec.data) {
    bytes = Buffer.from(spec.data, 'utf8');
  }
  if (bytes && spec.contentType === 'application/json') {
    let obj: unknown;
    try {
      obj = JSON.parse(bytes.toString('utf8'));
    } catch {
      obj = undefined;
    }
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      const path = spec.dataBase64 ? 'spec.dataBase64' : 'spec.data';
      errs.push(invalidValue(spec.dataBase64 ? spec.dataBase64 : (spec.data ?? ''), path, 'data must be a JSON object'));
    }
  }
  if (bytes && dataMaxSize >= 0 && bytes.length > dataMaxSize) {
    errs.push(new FieldError(`the data size exceeds the maximum allowed size of ${dataMaxSize} bytes`, [spec.dataBase64 ? 'spec.dataBase64' : 'spec.data']));
  }
  for (const key of Object.keys(spec.ceOverrides?.extensions ?? {}).sort()) {
    if (!/^[a-z0-9]+$/.test(key)) {
      errs.push(new FieldError(`invalid key name "${key}"`, ['spec.ceOverrides.extensions'], EXTENSION_NAME_DETAILS));
    }
  }
  errs.push(...validateDestination(spec.sink, 'spec.sink'));
  return errs;
}

/** What the reconciler observed for a PingSource. */
export interface PingSourceObservation {
  sink: Resolution;
  /** The adapter deployment is available. */
  adapterAvailable: boolean;
}

/** Computes a PingSource's status (pure). */
export function computePingSourceStatus(ps: PingSource, obs: PingSourceObservation, clock: Clock = realClock): NonNullable<PingSource['status']> {
  const status: NonNullable<PingSource['status']> = deepCopy(ps.status ?? {});
  const m = manage(pingSourceConditionSet, status, clock);
  m.initializeConditions();
  const C = PingSourceConditions;
  if ('error' in obs.sink) {
    m.markFalse(C.sinkProvided, 'NotFound', obs.sink.error);
    delete status.sinkUri;
  } else if (!obs.sink.uri) {
    m.markFalse(C.sinkProvided, 'SinkEmpty', 'Sink has resolved to empty.');
    delete status.sinkUri;
  } else {
    status.sinkUri = obs.sink.uri;
    m.markTrue(C.sinkProvided);
  }
  if (obs.adapterAvailable) m.markTrue(C.deployed);
  else m.markFalse(C.deployed, 'DeploymentUnavailable', `The Deployment '${PING_ADAPTER_DEPLOYMENT}' is unavailable.`);
  markOidcIdentityDisabled(m);
  status.observedGeneration = ps.metadata.generation;
  return status;
}

/** The ping adapter entry of a PingSource whose sink is resolved; undefined otherwise. */
export function makePingSourceConfig(ps: PingSource): PingSourceConfig | undefined {
  const sinkUri = ps.status?.sinkUri;
  if (!sinkUri) return undefined;
  const cfg: PingSourceConfig = { namespace: ps.metadata.namespace ?? '', name: ps.metadata.name ?? '', sinkUri };
  const s = ps.spec;
  if (s.schedule !== undefined) cfg.schedule = s.schedule;
  if (s.timezone) cfg.timezone = s.timezone;
  if (s.contentType) cfg.contentType = s.contentType;
  if (s.data) cfg.data = s.data;
  if (s.dataBase64) cfg.dataBase64 = s.dataBase64;
  if (s.ceOverrides) cfg.ceOverrides = deepCopy(s.ceOverrides);
  return cfg;
}
