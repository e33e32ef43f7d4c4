// The webhook's TLS material: a CA and a serving certificate for the webhook Service's DNS names,
// kept in the Secret `webhook-certs` so every replica serves the same certificate and the CA
// bundle written into the webhook configurations stays valid across restarts (upstream's
// knative.dev/pkg/webhook/certificates does the same). The first replica to start creates it;
// a replica that loses the create race reads the winner's.
import type { KubeClient } from '../../lib/controller/client.js';
import { isAlreadyExists, isNotFound } from '../../lib/controller/errors.js';
import type { Secret } from '../../lib/controller/kinds.js';
import { Resources } from '../../lib/controller/resources.js';
import { generateServingCertificate, type ServingCertificate } from '../../lib/tls/certificates.js';

/** Secret keys, as upstream's webhook-certs. */
export const CA_KEY = 'ca-cert.pem';
export const CERT_KEY = 'server-cert.pem';
export const KEY_KEY = 'server-key.pem';

/** PEM material of the webhook server. */
export type WebhookCerts = ServingCertificate;

const validityMs = 365 * 24 * 3600 * 1000;

/** DNS names a Service `name` in `namespace` is reached by. */
export function serviceDnsNames(name: string, namespace: string): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}

/** Generates a CA and a serving certificate for the given DNS names and IP addresses. */
export async function generateWebhookCerts(dnsNames: string[], ips: string[] = []): Promise<WebhookCerts> {
  return generateServingCertificate({ caName: 'kn-ts-webhook-ca', commonName: dnsNames[2] ?? dnsNames[0] ?? 'webhook', dnsNames, ips, validityMs });
}

function fromSecret(s: Secret): WebhookCerts | undefined {
  const d = s.data ?? {};
  const get = (k: string) => (d[k] ? Buffer.from(d[k]!, 'base64').toString('utf8') : undefined);
  const caCertPem = get(CA_KEY);
  const certPem = get(CERT_KEY);
  const keyPem = get(KEY_KEY);
  return caCertPem && certPem && keyPem ? { caCertPem, certPem, keyPem } : undefined;
}

/** Reads the certificates from the Secret, creating (or filling) it when needed. */
export async function loadOrCreateWebhookCerts(client: KubeClient, namespace: string, secretName: string, dnsNames: string[]): Promise<WebhookCerts> {
  let existing: Secret | undefined;
  try {
    existing = await client.get<Secret>(Resources.secrets, namespace, secretName);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const found = existing && fromSecret(existing);
  if (found) return found;
  const certs = await generateWebhookCerts(dnsNames);
  const data = {
    [CA_KEY]: Buffer.from(certs.caCertPem).toString('base64'),
    [CERT_KEY]: Buffer.from(certs.certPem).toString('base64'),
    [KEY_KEY]: Buffer.from(certs.keyPem).toString('base64'),
  };
  if (existing) {
    // Upstream ships an empty webhook-certs Secret; fill it (a conflict means another replica did).
    await client.update<Secret>(Resources.secrets, { ...existing, data });
    return certs;
  }
  try {
    await client.create<Secret>(Resources.secrets, { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName, namespace }, data });
    return certs;
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    const winner = fromSecret(await client.get<Secret>(Resources.secrets, namespace, secretName));
    if (!winner) throw new Error(`secret ${namespace}/${secretName} exists without certificates`);
    return winner;
  }
}
