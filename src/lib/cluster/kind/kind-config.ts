// The kind cluster configuration `kn quickstart kind` pipes to `kind create cluster --config=-`:
// upstream's, with the gateway's NodePort 31080 mapped to the host port.
import { stringify } from 'yaml';

/** Default node image (upstream quickstart's Kubernetes version). */
export const DEFAULT_KIND_NODE_IMAGE = 'kindest/node:v1.34.0';
/** NodePort of Service kourier-system/kourier-ingress (config/kind/). */
export const GATEWAY_NODE_PORT = 31080;

/** Settings of the cluster. */
export interface KindClusterSettings {
  name: string;
  /** `1.x.y` or a full image reference (contains ':'); empty ⇒ the default. */
  kubernetesVersion?: string;
  hostPort: number;
  extraMount?: { hostPath: string; containerPath: string };
}

/** The node image for a --kubernetes-version value. */
export function kindNodeImage(version: string | undefined): string {
  if (!version) return DEFAULT_KIND_NODE_IMAGE;
  if (version.includes(':')) return version;
  return `kindest/node:v${version.replace(/^v/, '')}`;
}

/** The kind Cluster object as YAML. */
export function kindClusterConfig(s: KindClusterSettings): string {
  const node: Record<string, unknown> = { role: 'control-plane', image: kindNodeImage(s.kubernetesVersion) };
  if (s.extraMount) node.extraMounts = [{ hostPath: s.extraMount.hostPath, containerPath: s.extraMount.containerPath }];
  node.extraPortMappings = [{ containerPort: GATEWAY_NODE_PORT, listenAddress: '0.0.0.0', hostPort: s.hostPort }];
  return stringify({
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: s.name,
    containerdConfigPatches: ['[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/etc/containerd/certs.d/"'],
    nodes: [node],
  });
}
