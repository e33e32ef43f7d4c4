// The `webhook` component: admission for serving.knative.dev over HTTPS on $POD_IP:8443.
// Certificates live in Secret knative-serving/webhook-certs; their CA is written into the
// webhook configurations at start. Config maps (config-defaults, config-autoscaler, ...) are
// watched, so defaults follow the cluster's configuration as the controller's do.
import type { ConfigMap } from '../../lib/controller/kinds.js';
import { Resources } from '../../lib/controller/resources.js';
import { componentNamespace } from '../../lib/cluster/incluster.js';
import { ServingConfigStore } from '../../lib/serving/config-store.js';
import { SERVING_SYSTEM_NAMESPACE } from '../../lib/serving/start.js';
import { VALIDATION_WEBHOOK_NAME } from '../../lib/serving/webhook/index.js';
import { componentKube, componentLogger, envPort, podHost, runUntilSignal, type RunningComponent } from '../runtime.js';
import { injectCaBundle } from './ca-bundle.js';
import { loadOrCreateWebhookCerts, serviceDnsNames } from './certs.js';
import { startWebhookServer } from './server.js';

/** Name of the MutatingWebhookConfiguration (upstream's). */
export const DEFAULTING_WEBHOOK_NAME = 'webhook.serving.knative.dev';
/** Port the webhook serves on (upstream's). */
export const WEBHOOK_PORT = 8443;

/** Starts the webhook component. */
export async function startWebhook(env: NodeJS.ProcessEnv = process.env): Promise<RunningComponent & { port: number }> {
  const logger = componentLogger('webhook', env);
  const { client, informers } = componentKube(logger, env);
  const namespace = componentNamespace(SERVING_SYSTEM_NAMESPACE, env);
  const serviceName = env.WEBHOOK_SERVICE_NAME || 'webhook';
  const secretName = env.WEBHOOK_SECRET_NAME || 'webhook-certs';

  const store = new ServingConfigStore({}, (e) => logger.error(`config: ${e.message}; keeping the previous configuration`));
  const configMaps = informers.for<ConfigMap>(Resources.configMaps);
  const apply = (cm: ConfigMap, deleted: boolean): void => {
    if (cm.metadata?.namespace === namespace) store.update(cm.metadata?.name ?? '', deleted ? undefined : (cm.data ?? {}));
  };
  configMaps.onChange((type, cm) => apply(cm, type === 'delete'));
  await informers.start();
  for (const cm of configMaps.list(namespace)) apply(cm, false);

  const certs = await loadOrCreateWebhookCerts(client, namespace, secretName, serviceDnsNames(serviceName, namespace));
  const server = await startWebhookServer({ host: podHost(env), port: envPort(env, 'WEBHOOK_PORT', WEBHOOK_PORT), certs, config: () => store.get() });
  logger.info(`serving admission on https://${podHost(env)}:${server.port}`);
  try {
    for (const line of await injectCaBundle(client, certs.caCertPem, { mutating: DEFAULTING_WEBHOOK_NAME, validating: VALIDATION_WEBHOOK_NAME })) logger.info(line);
  } catch (e) {
    // Serving still works for an API server that does not call webhooks; say why admission may fail.
    logger.error(`cannot write the CA bundle into the webhook configurations: ${(e as Error).message}`);
  }
  return {
    port: server.port,
    async stop() {
      await server.close();
      informers.stop();
    },
  };
}

/** Process entry: `node dist/component.js webhook`. */
export function runWebhook(): Promise<void> {
  return runUntilSignal(() => startWebhook());
}
