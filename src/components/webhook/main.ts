// The `webhook` component: admission for Serving (serving.knative.dev) and Eventing
// (eventing/messaging/sources.knative.dev) over HTTPS on $POD_IP:8443, with the same functions
// the local API server registers in-process. Certificates live in Secret knative-serving/
// webhook-certs; their CA is written into the four webhook configurations at start. Config maps
// are watched, so defaults follow the cluster's configuration as the controllers' do.
import type { ConfigMap } from '../../lib/controller/kinds.js';
import { Resources } from '../../lib/controller/resources.js';
import { componentNamespace } from '../../lib/cluster/incluster.js';
import { EVENTING_VALIDATION_WEBHOOK, registerEventingAdmission } from '../../lib/eventing/admission.js';
import { parseBrokerDefaults, parseDeliveryFeatures, parsePingDataMaxSize } from '../../lib/eventing/resources/config.js';
import { SYSTEM_NAMESPACE as EVENTING_NAMESPACE } from '../../lib/eventing/resources/names.js';
import { ServingConfigStore } from '../../lib/serving/config-store.js';
import { SERVING_SYSTEM_NAMESPACE } from '../../lib/serving/start.js';
import { registerServingAdmission } from '../../lib/serving/webhook/admission-hook.js';
import { VALIDATION_WEBHOOK_NAME } from '../../lib/serving/webhook/index.js';
import { componentKube, componentLogger, envPort, podHost, runUntilSignal, type RunningComponent } from '../runtime.js';
import { injectCaBundle } from './ca-bundle.js';
import { loadOrCreateWebhookCerts, serviceDnsNames } from './certs.js';
import { AdmissionHandlers } from './review.js';
import { startWebhookServer } from './server.js';

/** Names of the webhook configurations (upstream's). */
export const WEBHOOK_CONFIGURATIONS = {
  mutating: ['webhook.serving.knative.dev', 'webhook.eventing.knative.dev'],
  validating: [VALIDATION_WEBHOOK_NAME, EVENTING_VALIDATION_WEBHOOK],
};
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
    if (cm.metadata?.namespace === SERVING_SYSTEM_NAMESPACE) store.update(cm.metadata?.name ?? '', deleted ? undefined : (cm.data ?? {}));
  };
  configMaps.onChange((type, cm) => apply(cm, type === 'delete'));
  await informers.start();
  for (const cm of configMaps.list(SERVING_SYSTEM_NAMESPACE)) apply(cm, false);
  const eventingConfig = (name: string) => configMaps.get(EVENTING_NAMESPACE, name)?.data;

  const handlers = new AdmissionHandlers();
  registerServingAdmission(handlers, () => store.get());
  registerEventingAdmission(handlers, {
    brokerDefaults: () => parseBrokerDefaults(eventingConfig('config-br-defaults')),
    defaultChannelData: () => eventingConfig('default-ch-webhook'),
    features: () => parseDeliveryFeatures(eventingConfig('config-features')),
    pingDataMaxSize: () => parsePingDataMaxSize(eventingConfig('config-ping-defaults')),
  });

  const certs = await loadOrCreateWebhookCerts(client, namespace, secretName, serviceDnsNames(serviceName, namespace));
  const server = await startWebhookServer({ host: podHost(env), port: envPort(env, 'WEBHOOK_PORT', WEBHOOK_PORT), certs, handlers });
  logger.info(`serving admission on https://${podHost(env)}:${server.port}`);
  // Configurations may be created after we start (one `kubectl apply` of everything, or Eventing
  // installed later) or be re-applied without caBundle: keep them current, as upstream's webhook does.
  let last = '';
  const inject = async (): Promise<void> => {
    try {
      const lines = await injectCaBundle(client, certs.caCertPem, WEBHOOK_CONFIGURATIONS);
      const text = lines.join('; ');
      if (text !== last) lines.filter((l) => !l.endsWith('up to date')).forEach((l) => logger.info(l));
      last = text;
    } catch (e) {
      logger.error(`cannot write the CA bundle into the webhook configurations: ${(e as Error).message}`);
    }
  };
  await inject();
  const resyncMs = envPort(env, 'WEBHOOK_CA_RESYNC_SECONDS', 10) * 1000;
  const timer = setInterval(() => void inject(), resyncMs);
  timer.unref();
  return {
    port: server.port,
    async stop() {
      clearInterval(timer);
      await server.close();
      informers.stop();
    },
  };
}

/** Process entry: `node dist/component.js webhook`. */
export function runWebhook(): Promise<void> {
  return runUntilSignal(() => startWebhook());
}
