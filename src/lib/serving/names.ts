// Child object names, as upstream's resources/names packages and knative/pkg kmeta.ChildName compute them.
import { createHash } from 'node:crypto';

const LONGEST = 63;
const MD5_LEN = 32;
const HEAD = LONGEST - MD5_LEN;

function md5Hex(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

/** `parent + suffix`, shortened with an md5 of the parent so the result fits a 63-char k8s name. */
export function childName(parent: string, suffix: string): string {
  if (parent.length <= LONGEST - suffix.length) return parent + suffix;
  if (HEAD - suffix.length <= 0) {
    // The suffix alone leaves no room: hash everything and pad with the suffix's start.
    let ret = parent.slice(0, HEAD) + md5Hex(parent + suffix);
    const room = LONGEST - ret.length;
    if (room > 0) ret += suffix.slice(0, room);
    return ret.replace(/-+$/, '');
  }
  return parent.slice(0, HEAD - suffix.length) + md5Hex(parent) + suffix;
}

/** Name of the Revision a Configuration stamps out at `generation` (`hello-00001`). */
export function revisionName(configurationName: string, generation: number): string {
  return childName(configurationName, '-' + String(generation).padStart(5, '0'));
}

/** Configuration and Route created for a Service share its name. */
export function serviceConfigurationName(serviceName: string): string {
  return serviceName;
}

/** Route created for a Service shares its name. */
export function serviceRouteName(serviceName: string): string {
  return serviceName;
}

/** Deployment running a Revision's pods. */
export function deploymentName(revision: string): string {
  return childName(revision, '-deployment');
}

/** Image cache object of a Revision. */
export function imageCacheName(revision: string): string {
  return childName(revision, '-cache');
}

/** PodAutoscaler of a Revision shares its name. */
export function podAutoscalerName(revision: string): string {
  return revision;
}

/** ServerlessService of a Revision shares its name. */
export function serverlessServiceName(revision: string): string {
  return revision;
}

/** Public K8s Service of a Revision (SKS-managed: pods or activator). */
export function publicServiceName(revision: string): string {
  return revision;
}

/** Private K8s Service of a Revision (always the pods). */
export function privateServiceName(revision: string): string {
  return childName(revision, '-private');
}

/** KIngress of a Route shares its name. */
export function ingressName(route: string): string {
  return route;
}

/** Placeholder K8s Service of a Route (or of one tag: pass the tag host name). */
export function placeholderServiceName(route: string): string {
  return route;
}

/** Certificate for a Route's external domains (named after the Route UID, as upstream). */
export function certificateName(routeUID: string): string {
  return `route-${routeUID}`;
}
