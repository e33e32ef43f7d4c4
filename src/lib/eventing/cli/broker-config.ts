// `kn broker create --broker-config`: `name` (a ConfigMap), `kind:name[:ns]` or `apiVersion:kind:name:ns`.
import { KnError } from '../../api/errors.js';
import type { KReference } from '../../api/eventing-types.js';

/** Short and long kind names accepted in --broker-config. */
const KINDS: Record<string, { apiVersion: string; kind: string }> = {
  cm: { apiVersion: 'v1', kind: 'ConfigMap' },
  configmap: { apiVersion: 'v1', kind: 'ConfigMap' },
  sc: { apiVersion: 'v1', kind: 'Secret' },
  secret: { apiVersion: 'v1', kind: 'Secret' },
  rmq: { apiVersion: 'rabbitmq.com/v1beta1', kind: 'RabbitmqCluster' },
  rabbitmq: { apiVersion: 'rabbitmq.com/v1beta1', kind: 'RabbitmqCluster' },
  rabbitmqcluster: { apiVersion: 'rabbitmq.com/v1beta1', kind: 'RabbitmqCluster' },
};

/** Parses --broker-config into spec.config (namespace defaults to the broker's). */
export function parseBrokerConfig(value: string, namespace: string): KReference {
  const parts = value.split(':');
  if (parts.some((p) => p === '')) throw new KnError(`invalid broker config reference '${value}'`, 'BadRequest');
  if (parts.length === 1) return { apiVersion: 'v1', kind: 'ConfigMap', name: value, namespace };
  if (parts.length === 4) {
    const [apiVersion, kind, name, ns] = parts as [string, string, string, string];
    return { apiVersion, kind, name, namespace: ns };
  }
  const kind = KINDS[(parts[0] ?? '').toLowerCase()];
  if (!kind || parts.length > 3) throw new KnError(`invalid broker config reference '${value}'`, 'BadRequest');
  return { ...kind, name: parts[1], namespace: parts[2] ?? namespace };
}
