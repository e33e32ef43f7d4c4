// PingSource reconciler: resolves the sink into status.sinkUri and (re)programs the ping adapter.
// The adapter runs in this process, so Deployed is True while it runs.
import type { Informer } from '../../controller/informer.js';
import { deepCopy, type KubeObject, splitKey } from '../../controller/objects.js';
import type { ReconcileFn } from '../../controller/controller.js';
import { writeStatusIfChanged } from '../../controller/status-writer.js';
import type { PingAdapter } from '../ping/adapter.js';
import { EventingResources } from '../resources/kinds.js';
import { computePingSourceStatus, makePingSourceConfig } from '../resources/pingsource.js';
import type { PingSource } from '../types.js';
import type { ReconcilerBase } from './common.js';
import { ReconcileResolver } from './references.js';

/** Dependencies of the PingSource reconciler. */
export interface PingSourceReconcilerDeps extends ReconcilerBase {
  sources: Informer<PingSource & KubeObject>;
  adapter: PingAdapter;
  onError?: (message: string) => void;
}

/** The reconcile function of the PingSource controller. */
export function makePingSourceReconciler(d: PingSourceReconcilerDeps): ReconcileFn {
  return async (key) => {
    const { namespace, name } = splitKey(key);
    const cached = d.sources.get(namespace, name);
    if (!cached || cached.metadata.deletionTimestamp) {
      d.adapter.deleteSource(namespace, name);
      d.tracker.forget(key);
      return;
    }
    const ps = deepCopy(cached);
    const resolver = new ReconcileResolver(d.objects);
    const sink = ps.spec.sink ? await resolver.resolve(ps.spec.sink, namespace) : { error: 'sink is not set' };
    d.tracker.track(key, resolver.refs);
    const status = computePingSourceStatus(ps, { sink, adapterAvailable: true }, d.clock);
    const next = { ...ps, status };
    const cfg = makePingSourceConfig(next);
    if (!cfg) {
      d.adapter.deleteSource(namespace, name);
    } else {
      try {
        d.adapter.setSource(cfg);
      } catch (e) {
        // The webhook rejects bad schedules; one stored before it ran only stops this source.
        d.adapter.deleteSource(namespace, name);
        d.onError?.(`pingsource ${key}: ${(e as Error).message}`);
      }
    }
    await writeStatusIfChanged(d.client, EventingResources.pingSources, cached, next);
  };
}
