// Endpoints controller: for every Service with a selector, an Endpoints object of the same name
// listing the matching pods that have an IP — ready ones as addresses, the others as
// notReadyAddresses — with each Service port's targetPort resolved (named ports looked up in the
// pod's containers). Services without a selector keep hand-made Endpoints (Knative's SKS uses that).
import { Controller } from '../../controller/controller.js';
import { isAlreadyExists, isNotFound } from '../../controller/errors.js';
import { isPodReady, isPodTerminal, type Endpoints, type Pod, type Service } from '../../controller/kinds.js';
import { matchesMap } from '../../controller/labels.js';
import { deepCopy, jsonEqual, splitKey } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';
import type { BuiltinController, ControllerContext } from './context.js';

type Subset = NonNullable<Endpoints['subsets']>[number];
type Address = NonNullable<Subset['addresses']>[number];
type EndpointPort = NonNullable<Subset['ports']>[number];

/** Resolves a Service port's targetPort for one pod; undefined when a named port is not declared. */
export function resolveTargetPort(port: NonNullable<NonNullable<Service['spec']>['ports']>[number], pod: Pod): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    const p = c.ports?.find((x) => x.name === target && (x.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
    if (p) return p.containerPort;
  }
  return undefined;
}

/** Builds the subsets of a Service's Endpoints from the candidate pods (pure). */
export function buildSubsets(svc: Service, pods: Pod[]): Subset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  // Pods with the same resolved ports share a subset.
  const groups = new Map<string, { ports: EndpointPort[]; ready: Address[]; notReady: Address[] }>();
  for (const pod of pods) {
    const ip = pod.status?.podIP;
    if (!ip || pod.metadata?.deletionTimestamp || isPodTerminal(pod)) continue;
    const ports: EndpointPort[] = [];
    for (const sp of svc.spec?.ports ?? []) {
      const port = resolveTargetPort(sp, pod);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
    }
    if ((svc.spec?.ports ?? []).length > 0 && ports.length === 0) continue;
    const sig = JSON.stringify(ports);
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { ports, ready: [], notReady: [] }));
    const addr: Address = {
      ip,
      ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
    };
    (publishNotReady || isPodReady(pod) ? g.ready : g.notReady).push(addr);
  }
  const byIp = (a: Address, b: Address) => ipNum(a.ip) - ipNum(b.ip);
  const subsets: Subset[] = [];
  for (const g of [...groups.values()].sort((a, b) => JSON.stringify(a.ports).localeCompare(JSON.stringify(b.ports)))) {
    const s: Subset = {};
    if (g.ready.length) s.addresses = g.ready.sort(byIp);
    if (g.notReady.length) s.notReadyAddresses = g.notReady.sort(byIp);
    if (g.ports.length) s.ports = g.ports;
    subsets.push(s);
  }
  return subsets;
}

function ipNum(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + (Number(o) || 0), 0);
}

/** Creates the Endpoints controller. */
export function createEndpointsController(ctx: ControllerContext): BuiltinController {
  const svcInformer = ctx.informers.for<Service>(Resources.services);
  const podInformer = ctx.informers.for<Pod>(Resources.pods);
  const epInformer = ctx.informers.for<Endpoints>(Resources.endpoints);

  const reconcile = async (key: string) => {
    const { namespace, name } = splitKey(key);
    const svc = svcInformer.getByKey(key);
    if (!svc) {
      if (epInformer.getByKey(key)) {
        try {
          await ctx.client.delete(Resources.endpoints, namespace, name);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      return;
    }
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) return;
    const pods = podInformer.list(namespace, (p) => matchesMap(selector, p.metadata?.labels));
    const subsets = buildSubsets(svc, pods);
    const labels = { ...(svc.metadata?.labels ?? {}) };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const existing = epInformer.getByKey(key);
    if (!existing) {
      try {
        await ctx.client.create<Endpoints>(Resources.endpoints, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, subsets });
      } catch (err) {
        // Created meanwhile (informer lag): the next event brings it and we update then.
        if (!isAlreadyExists(err)) throw err;
        controllerAgain(key);
      }
      return;
    }
    if (jsonEqual(existing.subsets ?? [], subsets) && jsonEqual(existing.metadata?.labels ?? {}, labels)) return;
    const next = deepCopy(existing);
    next.subsets = subsets;
    next.metadata = { ...next.metadata, labels };
    await ctx.client.update(Resources.endpoints, next);
  };

  const controller = new Controller({ name: 'endpoints', clock: ctx.clock, logger: ctx.logger, workers: ctx.workers, reconcile });
  const controllerAgain = (key: string) => controller.enqueueAfter(key, 100);
  controller.watch(svcInformer);
  // A pod change concerns every Service in its namespace that selects it (before or after the change).
  podInformer.onChange((_t, pod, old) => {
    const ns = pod.metadata?.namespace ?? '';
    for (const svc of svcInformer.list(ns)) {
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      if (matchesMap(sel, pod.metadata?.labels) || (old && matchesMap(sel, old.metadata?.labels))) controller.enqueueObject(svc);
    }
  });
  epInformer.onChange((type, ep) => {
    if (type === 'delete') controller.enqueueObject(ep);
  });
  return { controller };
}
