// Ports of a Revision's pods and Services (spec §12) and the user port the queue-proxy forwards to.
import type { Revision, RevisionSpec } from '../../types.js';

/** Port the user container listens on when it declares none. */
export const DEFAULT_USER_PORT = 8080;
/** Name given to the user port on the Deployment. */
export const USER_PORT_NAME = 'user-port';
export const QUEUE_HTTP_PORT = 8012;
export const QUEUE_H2C_PORT = 8013;
export const QUEUE_HTTPS_PORT = 8112;
export const QUEUE_ADMIN_PORT = 8022;
export const AUTOSCALING_METRICS_PORT = 9090;
export const USER_METRICS_PORT = 9091;
/** Service ports: 80 for HTTP/1 revisions, 81 for h2c ones, 443 for TLS. */
export const SERVICE_HTTP_PORT = 80;
export const SERVICE_H2C_PORT = 81;
export const SERVICE_HTTPS_PORT = 443;

/** The container that serves traffic: the one with a port, else the only one. */
export function servingContainerIndex(spec: RevisionSpec): number {
  const containers = spec.containers ?? [];
  const i = containers.findIndex((c) => (c.ports?.length ?? 0) > 0);
  return i >= 0 ? i : 0;
}

/** The user port: the serving container's declared port, else 8080. */
export function userPort(spec: RevisionSpec): number {
  const port = spec.containers?.[servingContainerIndex(spec)]?.ports?.[0]?.containerPort;
  return port && port > 0 ? port : DEFAULT_USER_PORT;
}

/** http1, or h2c when the user port is named h2c. */
export function protocolType(spec: RevisionSpec): 'http1' | 'h2c' {
  return spec.containers?.[servingContainerIndex(spec)]?.ports?.[0]?.name === 'h2c' ? 'h2c' : 'http1';
}

/** Port the queue-proxy serves traffic on for this Revision. */
export function queueServingPort(rev: Revision): number {
  return protocolType(rev.spec) === 'h2c' ? QUEUE_H2C_PORT : QUEUE_HTTP_PORT;
}

/** Port of the Revision's Services that ingress splits target. */
export function revisionServicePort(protocol: 'http1' | 'h2c'): number {
  return protocol === 'h2c' ? SERVICE_H2C_PORT : SERVICE_HTTP_PORT;
}
