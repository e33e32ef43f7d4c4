// The Knative components the local control plane runs in its own process, and the mirror Pod each
// one is shown as: the kubelet's answer for static pods, so that `kubectl get pods -n
// knative-serving`, `kubectl wait … pods --all` and `kubectl logs -l app=activator` find what an
// install from release YAML would have. Names, namespaces, labels and container names follow
// upstream's manifests (plus `app: <name>` everywhere, which upstream sets on most of them).
import type { Pod } from '../../controller/kinds.js';

/** One in-process component shown as a pod. */
export interface MirrorComponent {
  namespace: string;
  /** Upstream's Deployment name; the pod is `<name>-<node>` as kube names mirror pods. */
  name: string;
  container: string;
  labels: Record<string, string>;
}

const serving = (name: string, container: string, extra: Record<string, string> = {}): MirrorComponent => ({
  namespace: 'knative-serving',
  name,
  container,
  labels: { app: name, 'app.kubernetes.io/component': name, 'app.kubernetes.io/name': 'knative-serving', ...extra },
});

const eventing = (name: string, container: string, extra: Record<string, string> = {}): MirrorComponent => ({
  namespace: 'knative-eventing',
  name,
  container,
  labels: { app: name, 'app.kubernetes.io/component': name, 'app.kubernetes.io/name': 'knative-eventing', ...extra },
});

/** Every in-process component, in `kubectl get pods` order within each namespace. */
export const MIRROR_COMPONENTS: readonly MirrorComponent[] = [
  serving('activator', 'activator', { role: 'activator' }),
  serving('autoscaler', 'autoscaler'),
  serving('controller', 'controller'),
  // The KIngress reconciler; upstream runs net-kourier's controller in knative-serving too.
  serving('net-kourier-controller', 'controller'),
  serving('webhook', 'webhook', { role: 'webhook' }),
  {
    namespace: 'kourier-system',
    name: '3scale-kourier-gateway',
    container: 'kourier-gateway',
    // The kourier Service selects this label.
    labels: { app: '3scale-kourier-gateway', 'app.kubernetes.io/component': 'net-kourier', 'app.kubernetes.io/name': 'knative-serving' },
  },
  eventing('eventing-controller', 'eventing-controller'),
  eventing('eventing-webhook', 'eventing-webhook', { role: 'eventing-webhook' }),
  eventing('imc-controller', 'controller', { 'messaging.knative.dev/channel': 'in-memory-channel', 'messaging.knative.dev/role': 'controller' }),
  eventing('imc-dispatcher', 'dispatcher', { 'messaging.knative.dev/channel': 'in-memory-channel', 'messaging.knative.dev/role': 'dispatcher' }),
  eventing('mt-broker-controller', 'mt-broker-controller', { 'eventing.knative.dev/brokerRole': 'controller', 'app.kubernetes.io/component': 'broker-controller' }),
  eventing('mt-broker-filter', 'filter', { 'eventing.knative.dev/brokerRole': 'filter', 'app.kubernetes.io/component': 'broker-filter' }),
  eventing('mt-broker-ingress', 'ingress', { 'eventing.knative.dev/brokerRole': 'ingress', 'app.kubernetes.io/component': 'broker-ingress' }),
  eventing('pingsource-mt-adapter', 'dispatcher', { 'eventing.knative.dev/source': 'ping-source-controller', 'sources.knative.dev/role': 'adapter' }),
];

/** Marks a mirror pod (kube's annotation); the node agent leaves such pods alone. */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
/** Which control plane run wrote the pod; a pod of an earlier run is replaced. */
export const HASH_ANNOTATION = 'kubernetes.io/config.hash';
/** What the pods' one container reports as its image. */
export const CONTROL_PLANE_IMAGE = 'kn-ts/control-plane:local';

/** Name of a component's mirror pod on a node. */
export function mirrorPodName(c: MirrorComponent, nodeName: string): string {
  return `${c.name}-${nodeName}`;
}

/** `namespace/name` of a component's mirror pod. */
export function mirrorPodKey(c: MirrorComponent, nodeName: string): string {
  return `${c.namespace}/${mirrorPodName(c, nodeName)}`;
}

/** True for a pod the control plane (or a kubelet) mirrors. */
export function isMirrorPod(pod: Pod | undefined): boolean {
  return !!pod?.metadata?.annotations?.[MIRROR_ANNOTATION];
}

/** The mirror pod object of a component (no status: the API server drops it on create). */
export function buildMirrorPod(c: MirrorComponent, node: { name: string; uid: string }, runId: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: mirrorPodName(c, node.name),
      namespace: c.namespace,
      labels: { ...c.labels },
      annotations: { [MIRROR_ANNOTATION]: runId, [HASH_ANNOTATION]: runId, 'kubernetes.io/config.source': 'file' },
      // As the kubelet does: the Node controls its mirror pods (deleting the Node collects them, and
      // no ReplicaSet whose selector matches their labels can adopt them).
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }],
    },
    spec: {
      nodeName: node.name,
      containers: [{ name: c.container, image: CONTROL_PLANE_IMAGE }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 0,
    },
  } as Pod;
}

/** Status of a mirror pod: Running and Ready since the control plane started, on the loopback address. */
export function mirrorPodStatus(c: MirrorComponent, startedAt: string, pid: number): NonNullable<Pod['status']> {
  const cond = (type: string) => ({ type, status: 'True', lastTransitionTime: startedAt });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
    hostIP: '127.0.0.1',
    hostIPs: [{ ip: '127.0.0.1' }],
    podIP: '127.0.0.1',
    podIPs: [{ ip: '127.0.0.1' }],
    startTime: startedAt,
    qosClass: 'BestEffort',
    containerStatuses: [
      {
        name: c.container,
        ready: true,
        started: true,
        restartCount: 0,
        image: CONTROL_PLANE_IMAGE,
        imageID: '',
        containerID: `process://${pid}`,
        state: { running: { startedAt } },
      },
    ],
  } as NonNullable<Pod['status']>;
}
