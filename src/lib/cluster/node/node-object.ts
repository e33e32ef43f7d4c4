// The Node object our agent registers for itself.
import { arch, availableParallelism, hostname, release, totalmem } from 'node:os';
import type { Node } from '../../controller/kinds.js';

/** Node status conditions with a fresh heartbeat. */
export function nodeConditions(now: string, since: string): NonNullable<Node['status']>['conditions'] {
  const ok = (type: string, reason: string, message: string) => ({ type, status: 'False', reason, message, lastHeartbeatTime: now, lastTransitionTime: since });
  return [
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: now, lastTransitionTime: since },
  ] as never;
}

/** The Node object for this machine. */
export function buildNode(name: string, now: string): Node {
  const capacity = { cpu: String(availableParallelism()), memory: `${Math.floor(totalmem() / 1024)}Ki`, pods: '250', 'ephemeral-storage': '100Gi' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': process.platform === 'win32' ? 'windows' : 'linux',
        'kubernetes.io/arch': arch() === 'x64' ? 'amd64' : arch(),
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: {},
    status: {
      capacity,
      allocatable: capacity,
      conditions: nodeConditions(now, now),
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: {
        machineID: '',
        systemUUID: '',
        bootID: '',
        kernelVersion: release(),
        osImage: `${process.platform} (${hostname()})`,
        containerRuntimeVersion: 'process://kn-ts',
        kubeletVersion: 'v1.30.0-kn-ts',
        kubeProxyVersion: '',
        operatingSystem: process.platform === 'win32' ? 'windows' : 'linux',
        architecture: arch() === 'x64' ? 'amd64' : arch(),
      },
    },
  } as Node;
}
