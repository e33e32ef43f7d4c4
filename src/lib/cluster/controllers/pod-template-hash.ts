// The pod-template-hash label value of a Deployment's ReplicaSet: a stable short hash of the pod
// template (plus collisionCount), encoded like Kubernetes' SafeEncodeString (no vowels, so no words).
import type { Deployment } from '../../controller/kinds.js';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a 32-bit hash of a string. */
function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// Canonical JSON: sorted keys, so equal templates hash equally whatever the key order.
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** pod-template-hash of a Deployment's current template. */
export function podTemplateHash(deploy: Deployment): string {
  const h = fnv32a(canonical(deploy.spec?.template ?? {}) + String(deploy.status?.collisionCount ?? ''));
  // Each decimal digit's character code picks a letter, as Kubernetes' SafeEncodeString does.
  return Array.from(String(h), (d) => ALPHABET[d.charCodeAt(0) % ALPHABET.length]).join('');
}
