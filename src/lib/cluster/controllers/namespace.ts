// Namespace controller: a namespace being deleted (deletionTimestamp set, phase Terminating) has
// every namespaced object of every resource deleted; once none remain, the `kubernetes` finalizer
// is removed and the API server deletes the namespace itself.
import { Controller } from '../../controller/controller.js';
import { isNotFound } from '../../controller/errors.js';
import type { Namespace } from '../../controller/kinds.js';
import { deepCopy } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';
import type { BuiltinController, ControllerContext } from './context.js';
import type { ResourceCatalog } from './resource-catalog.js';

/** Creates the namespace-deletion controller; `pollMs` is how often a draining namespace is re-checked. */
export function createNamespaceController(ctx: ControllerContext, catalog: ResourceCatalog, pollMs = 200): BuiltinController {
  const nsInformer = ctx.informers.for<Namespace>(Resources.namespaces);

  const reconcile = async (name: string) => {
    const ns = nsInformer.get('', name);
    if (!ns?.metadata?.deletionTimestamp) return undefined;
    let current = ns;
    if (ns.status?.phase !== 'Terminating') {
      const next = deepCopy(ns);
      next.status = { ...next.status, phase: 'Terminating' };
      current = await ctx.client.updateStatus(Resources.namespaces, next);
    }
    let remaining = 0;
    for (const ref of catalog.list()) {
      if (!ref.namespaced) continue;
      let items;
      try {
        items = (await ctx.client.list(ref, name)).items;
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      remaining += items.length;
      await Promise.all(
        items
          .filter((o) => !o.metadata?.deletionTimestamp)
          .map((o) =>
            ctx.client.delete(ref, name, o.metadata?.name ?? '', { propagationPolicy: 'Background' }).catch((err: unknown) => {
              if (!isNotFound(err)) throw err;
            }),
          ),
      );
    }
    // Deletions can be graceful (pods) or wait on finalizers: check again shortly.
    if (remaining > 0) return { requeueAfterMs: pollMs };
    const finalizers = current.spec?.finalizers ?? [];
    if (finalizers.includes('kubernetes')) {
      const next = deepCopy(current);
      next.spec = { ...next.spec, finalizers: finalizers.filter((f) => f !== 'kubernetes') };
      try {
        await ctx.client.update(Resources.namespaces, next, 'finalize');
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    }
    return undefined;
  };

  const controller = new Controller({ name: 'namespace', clock: ctx.clock, logger: ctx.logger, workers: ctx.workers, reconcile });
  controller.watch(nsInformer, (ns) => Boolean(ns.metadata?.deletionTimestamp));
  return { controller };
}
