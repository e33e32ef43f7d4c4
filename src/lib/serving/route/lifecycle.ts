// Route status: AllTrafficAssigned, IngressReady and CertificateProvisioned roll up into Ready
// (upstream route_lifecycle), plus the traffic-error → condition mapping.
import type { ConditionManager } from '../../controller/conditions.js';
import { newLivingConditionSet } from '../../controller/conditions.js';
import { manage } from '../lifecycle-support.js';
import type { Condition, RouteStatus } from '../types.js';
import type { TrafficError } from './resources/traffic.js';

/** Route conditions. */
export const ROUTE_CONDITIONS = newLivingConditionSet('AllTrafficAssigned', 'IngressReady', 'CertificateProvisioned');

/** Message of CertificateProvisioned when external-domain TLS is off. */
export const TLS_NOT_ENABLED_MESSAGE = 'autoTLS is not enabled';
/** Message of CertificateProvisioned for cluster-local Routes. */
export const TLS_NOT_ENABLED_FOR_CLUSTER_LOCAL_MESSAGE = 'TLS is not enabled for cluster-local';

function m(status: RouteStatus, now: Date): ConditionManager {
  return manage(ROUTE_CONDITIONS, status, now);
}

/** Sets missing conditions to Unknown. */
export function initializeRouteConditions(status: RouteStatus, now: Date): void {
  m(status, now).initializeConditions();
}

/** Every target resolved to a ready Revision. */
export function markTrafficAssigned(status: RouteStatus, now: Date): void {
  m(status, now).markTrue('AllTrafficAssigned');
}

/** Maps a traffic resolution error onto AllTrafficAssigned with upstream's reasons and messages. */
export function markTrafficError(status: RouteStatus, err: TrafficError, now: Date): void {
  const mgr = m(status, now);
  const q = JSON.stringify(err.name);
  switch (err.kind) {
    case 'missing':
      mgr.markFalse('AllTrafficAssigned', `${err.targetKind}Missing`, `${err.targetKind} ${q} referenced in traffic not found.`);
      break;
    case 'configurationNotReady':
      mgr.markUnknown('AllTrafficAssigned', 'RevisionMissing', `Configuration ${q} is waiting for a Revision to become ready.`);
      break;
    case 'configurationFailed':
      mgr.markFalse('AllTrafficAssigned', 'RevisionMissing', `Configuration ${q} does not have any ready Revision.`);
      break;
    case 'revisionNotReady':
      mgr.markUnknown('AllTrafficAssigned', 'RevisionMissing', `Revision ${q} is not yet ready.`);
      break;
    case 'revisionFailed':
      mgr.markFalse('AllTrafficAssigned', 'RevisionMissing', `Revision ${q} failed to become ready.`);
      break;
  }
}

/** The KIngress was just created or changed and has not reported back. */
export function markIngressNotConfigured(status: RouteStatus, now: Date): void {
  m(status, now).markUnknown('IngressReady', 'IngressNotConfigured', 'Ingress has not yet been reconciled.');
}

/** A placeholder Service with the Route's name belongs to someone else. */
export function markServiceNotOwned(status: RouteStatus, name: string, now: Date): void {
  m(status, now).markFalse('IngressReady', 'NotOwned', `There is an existing placeholder Service ${JSON.stringify(name)} that we do not own.`);
}

/** The KIngress with the Route's name belongs to someone else. */
export function markIngressNotOwned(status: RouteStatus, name: string, now: Date): void {
  m(status, now).markFalse('IngressReady', 'NotOwned', `There is an existing Ingress ${JSON.stringify(name)} that we do not own.`);
}

/** Mirrors the KIngress Ready condition onto IngressReady (only once it observed its generation). */
export function propagateIngressStatus(status: RouteStatus, ingressReady: Condition | undefined, now: Date): void {
  const mgr = m(status, now);
  if (!ingressReady) {
    markIngressNotConfigured(status, now);
  } else if (ingressReady.status === 'Unknown') {
    mgr.markUnknown('IngressReady', ingressReady.reason ?? '', ingressReady.message ?? '');
  } else if (ingressReady.status === 'True') {
    mgr.markTrue('IngressReady');
  } else {
    mgr.markFalse('IngressReady', ingressReady.reason ?? '', ingressReady.message ?? '');
  }
}

/** External-domain TLS is off: CertificateProvisioned=True with reason TLSNotEnabled. */
export function markTLSNotEnabled(status: RouteStatus, now: Date, message = TLS_NOT_ENABLED_MESSAGE): void {
  m(status, now).markTrueWithReason('CertificateProvisioned', 'TLSNotEnabled', message);
}
