// Writes the webhook CA into the clientConfig.caBundle of our webhook configurations, so the API
// server trusts the certificate the webhook serves (upstream's webhook reconciles the same field).
import type { KubeClient } from '../../lib/controller/client.js';
import { isConflict, isNotFound } from '../../lib/controller/errors.js';
import type { KubeObject } from '../../lib/controller/objects.js';
import { resource } from '../../lib/controller/resources.js';

export const mutatingWebhookConfigurations = resource('admissionregistration.k8s.io', 'v1', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false);
export const validatingWebhookConfigurations = resource('admissionregistration.k8s.io', 'v1', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false);

interface WebhookConfiguration extends KubeObject {
  webhooks?: { name: string; clientConfig?: { caBundle?: string } }[];
}

/** Sets caBundle on every webhook of the named configurations; returns what it did, for the log. */
export async function injectCaBundle(client: KubeClient, caCertPem: string, names: { mutating: string[]; validating: string[] }): Promise<string[]> {
  const caBundle = Buffer.from(caCertPem).toString('base64');
  const done: string[] = [];
  const targets = [
    ...names.mutating.map((n) => [mutatingWebhookConfigurations, n] as const),
    ...names.validating.map((n) => [validatingWebhookConfigurations, n] as const),
  ];
  for (const [ref, name] of targets) {
    // Whole-object update (webhooks is a list: a merge patch would replace it); retried on conflict.
    for (let attempt = 0; attempt < 5; attempt++) {
      let cfg: WebhookConfiguration;
      try {
        cfg = await client.get<WebhookConfiguration>(ref, '', name);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        done.push(`${ref.kind} ${name} not found (not installed?)`);
        break;
      }
      const hooks = cfg.webhooks ?? [];
      if (hooks.every((h) => h.clientConfig?.caBundle === caBundle)) {
        done.push(`${ref.kind} ${name} up to date`);
        break;
      }
      for (const h of hooks) h.clientConfig = { ...h.clientConfig, caBundle };
      try {
        await client.update<WebhookConfiguration>(ref, cfg);
        done.push(`${ref.kind} ${name} caBundle set`);
        break;
      } catch (e) {
        if (!isConflict(e) || attempt === 4) throw e;
      }
    }
  }
  return done;
}
