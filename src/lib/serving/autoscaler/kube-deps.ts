// Connects the autoscaler loop to the Kubernetes API: PodAutoscalers, pods, Deployments and
// config-autoscaler come from shared informers; scale changes are merge patches; PodAutoscaler
// status (desired/actual scale, Active, ScaleTargetInitialized, Ready) is written only on change;
// an existing ServerlessService gets the decided mode.
import type { KubeClient } from '../../controller/client.js';
import { type Clock, realClock } from '../../controller/clock.js';
import { newLivingConditionSet } from '../../controller/conditions.js';
import { isConflict } from '../../controller/errors.js';
import type { InformerFactory } from '../../controller/informer-factory.js';
import { type ConfigMap, type Deployment, type Pod, isPodReady } from '../../controller/kinds.js';
import type { KubeObject } from '../../controller/objects.js';
import { Resources, resource } from '../../controller/resources.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import { parseGoDuration } from '../duration.js';
import { PROGRESS_DEADLINE_ANNOTATION, REVISION_LABEL } from '../labels.js';
import type { PodAutoscaler, ServerlessService } from '../types.js';
import { type AutoscalerConfig, CONFIG_AUTOSCALER, defaultAutoscalerConfig, parseAutoscalerConfig } from './config.js';
import type { AutoscalerDeps, PodAutoscalerInfo, PodAutoscalerStatusUpdate } from './loop.js';
import type { ActiveStatus } from './scale.js';
import { type ScrapePod, httpScrapePod } from './scraper.js';

/** autoscaling.internal.knative.dev/v1alpha1 podautoscalers. */
export const PODAUTOSCALERS = resource('autoscaling.internal.knative.dev', 'v1alpha1', 'podautoscalers', 'PodAutoscaler');
/** networking.internal.knative.dev/v1alpha1 serverlessservices. */
export const SERVERLESSSERVICES = resource('networking.internal.knative.dev', 'v1alpha1', 'serverlessservices', 'ServerlessService');
/** PodAutoscaler conditions: Ready summarizes these three. */
export const PA_CONDITIONS = newLivingConditionSet('Active', 'ScaleTargetInitialized', 'SKSReady');
/** Upstream waits this long past the progress deadline before giving up an activation. */
export const ACTIVATION_TIMEOUT_BUFFER_MS = 10_000;
/** Status writes tried per decision when another writer keeps changing the PodAutoscaler. */
const STATUS_WRITE_ATTEMPTS = 3;
/** Default progress deadline (config-deployment). */
export const DEFAULT_PROGRESS_DEADLINE_MS = 600_000;

/** How the adapter reaches the cluster. */
export interface KubeAutoscalerOptions {
  client: KubeClient;
  informers: InformerFactory;
  /** Namespace of config-autoscaler (default knative-serving). */
  systemNamespace?: string;
  scrapePod?: ScrapePod;
  log?: (message: string, error?: unknown) => void;
}

type PA = PodAutoscaler & KubeObject;
type SKS = ServerlessService & KubeObject;
const time = (s: string | undefined): number | undefined => (s ? Date.parse(s) : undefined);

/** Reads what the loop needs from a PodAutoscaler object. */
export function podAutoscalerInfo(pa: PodAutoscaler): PodAutoscalerInfo {
  const deadline = parseGoDuration(pa.metadata.annotations?.[PROGRESS_DEADLINE_ANNOTATION] ?? '') ?? DEFAULT_PROGRESS_DEADLINE_MS;
  const conds = pa.status?.conditions ?? [];
  const active = conds.find((c) => c.type === 'Active');
  return {
    namespace: pa.metadata.namespace ?? '',
    name: pa.metadata.name ?? '',
    annotations: pa.metadata.annotations,
    containerConcurrency: pa.spec.containerConcurrency,
    reachable: pa.spec.reachability !== 'Unreachable',
    activationTimeoutMs: deadline + ACTIVATION_TIMEOUT_BUFFER_MS,
    observed: {
      active: active?.status as ActiveStatus | undefined,
      activeReason: active?.reason,
      activeSince: time(active?.lastTransitionTime),
      scaleTargetInitialized: conds.some((c) => c.type === 'ScaleTargetInitialized' && c.status === 'True'),
    },
  };
}

// A clock frozen at `t`, so a condition's lastTransitionTime is the decision's transition time.
const frozenAt = (t: number): Clock => ({ ...realClock, now: () => t });

/** Applies a status update to a copy of the PodAutoscaler's status. */
export function applyStatusUpdate(pa: PodAutoscaler, u: PodAutoscalerStatusUpdate): PodAutoscaler {
  const next = structuredClone(pa);
  const status = (next.status ??= {}) as NonNullable<PodAutoscaler['status']> & Record<string, unknown>;
  status.desiredScale = u.desiredScale;
  status.actualScale = u.actualScale;
  const m = PA_CONDITIONS.manage(status, frozenAt(u.activeSince));
  m.initializeConditions();
  if (u.active.status === 'True') m.markTrue('Active');
  else if (u.active.status === 'False') m.markFalse('Active', u.active.reason ?? '', u.active.message ?? '');
  else m.markUnknown('Active', u.active.reason ?? '', u.active.message ?? '');
  if (u.scaleTargetInitialized) m.markTrue('ScaleTargetInitialized');
  return next;
}

/** AutoscalerDeps over the Kubernetes API (informers must be started by the caller). */
export function kubeAutoscalerDeps(opts: KubeAutoscalerOptions): AutoscalerDeps {
  const { client, informers } = opts;
  const systemNs = opts.systemNamespace ?? 'knative-serving';
  const log = opts.log ?? (() => {});
  const pas = informers.for<PA>(PODAUTOSCALERS);
  const pods = informers.for<Pod>(Resources.pods);
  const deployments = informers.for<Deployment>(Resources.deployments);
  const configMaps = informers.for<ConfigMap>(Resources.configMaps);
  const skses = informers.for<SKS>(SERVERLESSSERVICES);

  // Parse config-autoscaler once per version; a bad edit keeps the last good config.
  let config: AutoscalerConfig = defaultAutoscalerConfig();
  let configVersion: string | undefined;
  const currentConfig = (): AutoscalerConfig => {
    const cm = configMaps.get(systemNs, CONFIG_AUTOSCALER);
    const version = cm?.metadata?.resourceVersion ?? '';
    if (version !== configVersion) {
      configVersion = version;
      try {
        config = parseAutoscalerConfig(cm?.data as Record<string, string> | undefined);
      } catch (e) {
        log(`${CONFIG_AUTOSCALER} is invalid, keeping the previous configuration`, e);
      }
    }
    return config;
  };

  const targetName = (info: PodAutoscalerInfo): string | undefined => pas.get(info.namespace, info.name)?.spec.scaleTargetRef?.name;

  return {
    config: currentConfig,
    listPodAutoscalers: async () => pas.list().filter((pa) => !pa.metadata?.deletionTimestamp).map((pa) => podAutoscalerInfo(pa)),
    readyPods: async (info) =>
      pods
        .list(info.namespace, (p) => p.metadata?.labels?.[REVISION_LABEL] === info.name && !p.metadata?.deletionTimestamp && isPodReady(p) && !!p.status?.podIP)
        .sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''))
        .map((p) => ({ name: p.metadata?.name ?? '', ip: p.status?.podIP ?? '' })),
    scrapePod: opts.scrapePod ?? httpScrapePod(),
    getScale: async (info) => {
      const name = targetName(info);
      const d = name ? deployments.get(info.namespace, name) : undefined;
      return d ? (d.spec?.replicas ?? 1) : undefined;
    },
    setScale: async (info, replicas) => {
      const name = targetName(info);
      if (name) await client.patch(Resources.deployments, info.namespace, name, { spec: { replicas } });
    },
    writeStatus: async (info, update) => {
      let pa = pas.get(info.namespace, info.name);
      if (!pa) return;
      // The PA reconciler writes this status too (SKSReady); a conflict means the cached copy is
      // stale, so apply the same update to the current object instead of dropping it until the next tick.
      for (let attempt = 1; ; attempt++) {
        try {
          await writeStatusIfChanged(client, PODAUTOSCALERS, pa, applyStatusUpdate(pa, update) as PA);
          break;
        } catch (e) {
          if (!isConflict(e) || attempt >= STATUS_WRITE_ATTEMPTS) throw e;
          pa = await client.get<PA>(PODAUTOSCALERS, info.namespace, info.name);
        }
      }
      const sks = skses.get(info.namespace, info.name);
      if (sks && (sks.spec.mode !== update.mode || sks.spec.numActivators !== update.numActivators)) {
        await client.patch(SERVERLESSSERVICES, info.namespace, info.name, { spec: { mode: update.mode, numActivators: update.numActivators } });
      }
    },
    log,
  };
}
