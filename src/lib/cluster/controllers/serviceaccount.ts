// Makes sure every active namespace has the ServiceAccount `default`, as kube-controller-manager does.
import { Controller } from '../../controller/controller.js';
import { isAlreadyExists } from '../../controller/errors.js';
import type { Namespace } from '../../controller/kinds.js';
import type { KubeObject } from '../../controller/objects.js';
import { Resources } from '../../controller/resources.js';
import type { BuiltinController, ControllerContext } from './context.js';

/** Creates the default-ServiceAccount controller (keyed by namespace name). */
export function createServiceAccountController(ctx: ControllerContext): BuiltinController {
  const nsInformer = ctx.informers.for<Namespace>(Resources.namespaces);
  const saInformer = ctx.informers.for(Resources.serviceAccounts);

  const controller = new Controller({
    name: 'serviceaccount',
    clock: ctx.clock,
    logger: ctx.logger,
    workers: ctx.workers,
    reconcile: async (ns) => {
      const namespace = nsInformer.get('', ns);
      if (!namespace || namespace.metadata?.deletionTimestamp) return;
      if (saInformer.get(ns, 'default')) return;
      try {
        await ctx.client.create<KubeObject>(Resources.serviceAccounts, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
  });
  controller.watch(nsInformer);
  saInformer.onChange((type, sa) => {
    if (type === 'delete' && sa.metadata?.name === 'default') controller.enqueue(sa.metadata.namespace ?? '');
  });
  return { controller };
}
