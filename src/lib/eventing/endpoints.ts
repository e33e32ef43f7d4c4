// Local mode: the data plane's Services (broker-ingress, imc-dispatcher in knative-eventing) get
// hand-made Endpoints pointing at the loopback ports this process listens on, so the gateway (which
// routes every Service's in-cluster host names to its Endpoints) reaches them by Host header.
import type { KubeClient } from '../controller/client.js';
import { isNotFound } from '../controller/errors.js';
import type { Endpoints } from '../controller/kinds.js';
import { jsonEqual } from '../controller/objects.js';
import { Resources } from '../controller/resources.js';
import { SYSTEM_NAMESPACE } from './resources/names.js';

/** Port name of the data plane Services (upstream's). */
export const DATA_PLANE_PORT_NAME = 'http';

/** The Endpoints of a data plane Service at ip:port. */
export function makeDataPlaneEndpoints(name: string, ip: string, port: number): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace: SYSTEM_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'knative-eventing' } },
    subsets: [{ addresses: [{ ip }], ports: [{ name: DATA_PLANE_PORT_NAME, port, protocol: 'TCP' }] }],
  } as Endpoints;
}

/** Creates or updates the Endpoints of a data plane Service. */
export async function publishEndpoints(client: KubeClient, name: string, ip: string, port: number): Promise<void> {
  const desired = makeDataPlaneEndpoints(name, ip, port);
  let current: Endpoints | undefined;
  try {
    current = await client.get<Endpoints>(Resources.endpoints, SYSTEM_NAMESPACE, name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  if (!current) {
    await client.create(Resources.endpoints, desired);
    return;
  }
  if (jsonEqual(current.subsets, desired.subsets)) return;
  await client.update(Resources.endpoints, { ...current, subsets: desired.subsets });
}
