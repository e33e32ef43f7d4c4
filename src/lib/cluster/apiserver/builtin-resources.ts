// The built-in (non-CRD) resources the server serves, with kubectl's table columns for each.
import { ageOf } from './human-duration.js';
import type { PrinterColumn, ResourceDef } from './resource-def.js';

const nameCol: PrinterColumn = { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', value: (o) => o.metadata?.name };
const ageCol: PrinterColumn = { name: 'Age', type: 'string', description: 'CreationTimestamp of the object.', value: (o, now) => ageOf(o.metadata?.creationTimestamp, now) };

function col(name: string, value: PrinterColumn['value'], extra: Partial<PrinterColumn> = {}): PrinterColumn {
  return { name, type: 'string', description: '', value, ...extra };
}

function base(partial: Partial<ResourceDef> & Pick<ResourceDef, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'>): ResourceDef {
  return {
    listKind: `${partial.kind}List`,
    singular: partial.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    statusSubresource: false,
    generation: false,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    strategicMerge: true,
    ...partial,
  };
}

/** Pod STATUS column: kubectl's reason precedence (terminating, container reasons, phase). */
function podStatus(p: any): string {
  let reason: string = p.status?.reason || p.status?.phase || 'Pending';
  for (const cs of (p.status?.containerStatuses ?? []) as any[]) {
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.terminated) reason = cs.state.terminated.signal ? `Signal:${cs.state.terminated.signal}` : `ExitCode:${cs.state.terminated.exitCode}`;
  }
  if (p.metadata?.deletionTimestamp) reason = p.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function servicePorts(s: any): string {
  const ports = (s.spec?.ports ?? []) as any[];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function endpointsList(e: any): string {
  const out: string[] = [];
  for (const ss of (e.subsets ?? []) as any[]) {
    const ports = ((ss.ports ?? []) as any[]).map((p) => p.port);
    for (const a of (ss.addresses ?? []) as any[]) {
      if (ports.length === 0) out.push(a.ip);
      else for (const p of ports) out.push(`${a.ip}:${p}`);
    }
  }
  if (out.length === 0) return '<none>';
  return out.length > 3 ? `${out.slice(0, 3).join(',')} + ${out.length - 3} more...` : out.join(',');
}

function selectorText(sel: Record<string, string> | undefined): string {
  if (!sel || Object.keys(sel).length === 0) return '<none>';
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

const podFields: Record<string, (o: any) => string | undefined> = {
  'spec.nodeName': (o) => o.spec?.nodeName ?? '',
  'spec.restartPolicy': (o) => o.spec?.restartPolicy,
  'spec.schedulerName': (o) => o.spec?.schedulerName,
  'spec.serviceAccountName': (o) => o.spec?.serviceAccountName,
  'status.phase': (o) => o.status?.phase ?? '',
  'status.podIP': (o) => o.status?.podIP ?? '',
};

const eventFields: Record<string, (o: any) => string | undefined> = {
  'involvedObject.kind': (o) => o.involvedObject?.kind ?? '',
  'involvedObject.namespace': (o) => o.involvedObject?.namespace ?? '',
  'involvedObject.name': (o) => o.involvedObject?.name ?? '',
  'involvedObject.uid': (o) => o.involvedObject?.uid ?? '',
  'involvedObject.apiVersion': (o) => o.involvedObject?.apiVersion ?? '',
  'involvedObject.resourceVersion': (o) => o.involvedObject?.resourceVersion ?? '',
  'involvedObject.fieldPath': (o) => o.involvedObject?.fieldPath ?? '',
  reason: (o) => o.reason ?? '',
  reportingComponent: (o) => o.reportingComponent ?? '',
  source: (o) => o.source?.component ?? '',
  type: (o) => o.type ?? '',
};

/** Every built-in resource; CRD-defined ones are added by the registry at run time. */
export const builtinResources: ResourceDef[] = [
  base({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
    fieldSelectors: { 'status.phase': (o) => o.status?.phase ?? '' },
    printerColumns: [nameCol, col('Status', (o) => o.status?.phase ?? ''), ageCol],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    logSubresource: true,
    fieldSelectors: podFields,
    printerColumns: [
      nameCol,
      col('Ready', (o) => {
        const cs = (o.status?.containerStatuses ?? []) as any[];
        const total = ((o.spec?.containers ?? []) as any[]).length;
        return `${cs.filter((c) => c.ready).length}/${total}`;
      }),
      col('Status', podStatus),
      col('Restarts', (o) => ((o.status?.containerStatuses ?? []) as any[]).reduce((n, c) => n + num(c.restartCount), 0), { type: 'string' }),
      ageCol,
      col('IP', (o) => o.status?.podIP ?? '<none>', { priority: 1 }),
      col('Node', (o) => o.spec?.nodeName ?? '<none>', { priority: 1 }),
      col('Nominated Node', (o) => o.status?.nominatedNodeName ?? '<none>', { priority: 1 }),
      col('Readiness Gates', (o) => (o.spec?.readinessGates?.length ? String(o.spec.readinessGates.length) : '<none>'), { priority: 1 }),
    ],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
    allowCreateOnUpdate: true,
    printerColumns: [
      nameCol,
      col('Type', (o) => o.spec?.type ?? 'ClusterIP'),
      col('Cluster-IP', (o) => o.spec?.clusterIP || '<none>'),
      col('External-IP', (o) => {
        const ing = ((o.status?.loadBalancer?.ingress ?? []) as any[]).map((i) => i.ip || i.hostname).filter(Boolean);
        if (ing.length) return ing.join(',');
        if (o.spec?.externalName) return o.spec.externalName;
        if (o.spec?.externalIPs?.length) return o.spec.externalIPs.join(',');
        return o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
      }),
      col('Port(s)', servicePorts),
      ageCol,
      col('Selector', (o) => selectorText(o.spec?.selector), { priority: 1 }),
    ],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    plural: 'endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    allowCreateOnUpdate: true,
    listKind: 'EndpointsList',
    printerColumns: [nameCol, col('Endpoints', endpointsList), ageCol],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    shortNames: ['cm'],
    printerColumns: [nameCol, col('Data', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, { type: 'integer' }), ageCol],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
    fieldSelectors: { type: (o) => o.type ?? 'Opaque' },
    printerColumns: [nameCol, col('Type', (o) => o.type ?? 'Opaque'), col('Data', (o) => Object.keys(o.data ?? {}).length, { type: 'integer' }), ageCol],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
    printerColumns: [nameCol, col('Secrets', (o) => (o.secrets ?? []).length, { type: 'integer' }), ageCol],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    allowCreateOnUpdate: true,
    fieldSelectors: eventFields,
    printerColumns: [
      col('Last Seen', (o, now) => ageOf(o.lastTimestamp ?? o.eventTime ?? o.metadata?.creationTimestamp, now)),
      col('Type', (o) => o.type ?? ''),
      col('Reason', (o) => o.reason ?? ''),
      col('Object', (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`),
      col('Message', (o) => String(o.message ?? '').trim()),
      col('Count', (o) => o.count ?? 1, { priority: 1, type: 'integer' }),
      { ...nameCol, priority: 1 },
    ],
  }),
  base({
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    namespaced: false,
    shortNames: ['no'],
    statusSubresource: true,
    printerColumns: [
      nameCol,
      col('Status', (o) => {
        const ready = ((o.status?.conditions ?? []) as any[]).find((c) => c.type === 'Ready');
        const s = ready?.status === 'True' ? 'Ready' : 'NotReady';
        return o.spec?.unschedulable ? `${s},SchedulingDisabled` : s;
      }),
      col('Roles', () => '<none>'),
      ageCol,
      col('Version', (o) => o.status?.nodeInfo?.kubeletVersion ?? ''),
    ],
  }),
  base({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
    generation: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    printerColumns: [
      nameCol,
      col('Ready', (o) => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas ?? 1)}`),
      col('Up-to-date', (o) => num(o.status?.updatedReplicas), { type: 'integer' }),
      col('Available', (o) => num(o.status?.availableReplicas), { type: 'integer' }),
      ageCol,
      col('Containers', (o) => ((o.spec?.template?.spec?.containers ?? []) as any[]).map((c) => c.name).join(','), { priority: 1 }),
      col('Images', (o) => ((o.spec?.template?.spec?.containers ?? []) as any[]).map((c) => c.image).join(','), { priority: 1 }),
      col('Selector', (o) => selectorText(o.spec?.selector?.matchLabels), { priority: 1 }),
    ],
  }),
  base({
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    statusSubresource: true,
    generation: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    printerColumns: [
      nameCol,
      col('Desired', (o) => num(o.spec?.replicas ?? 1), { type: 'integer' }),
      col('Current', (o) => num(o.status?.replicas), { type: 'integer' }),
      col('Ready', (o) => num(o.status?.readyReplicas), { type: 'integer' }),
      ageCol,
    ],
  }),
  base({
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    plural: 'endpointslices',
    namespaced: true,
    printerColumns: [
      nameCol,
      col('AddressType', (o) => o.addressType ?? ''),
      col('Ports', (o) => ((o.ports ?? []) as any[]).map((p) => p.port).join(',') || '<unset>'),
      col('Endpoints', (o) => {
        const ips = ((o.endpoints ?? []) as any[]).flatMap((e) => (e.addresses ?? []) as string[]);
        if (ips.length === 0) return '<unset>';
        return ips.length > 3 ? `${ips.slice(0, 3).join(',')} + ${ips.length - 3} more...` : ips.join(',');
      }),
      ageCol,
    ],
  }),
  base({
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    namespaced: true,
    allowCreateOnUpdate: true,
    printerColumns: [nameCol, col('Holder', (o) => o.spec?.holderIdentity ?? ''), ageCol],
  }),
  base({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    statusSubresource: true,
    generation: true,
    printerColumns: [nameCol, col('Created At', (o) => o.metadata?.creationTimestamp ?? '', { type: 'date' })],
  }),
];
