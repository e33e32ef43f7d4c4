// Small helpers every eventing reconciler uses.
import type { Condition } from '../../controller/conditions.js';
import type { Clock } from '../../controller/clock.js';
import type { KubeClient } from '../../controller/client.js';
import type { Logger } from '../../controller/controller.js';
import { isAlreadyExists } from '../../controller/errors.js';
import { controllerOf, type KubeObject } from '../../controller/objects.js';
import type { ResourceRef } from '../../controller/resources.js';
import type { ObjectSource, ReferenceTracker } from './references.js';

/** What every reconciler gets. */
export interface ReconcilerBase {
  client: KubeClient;
  clock: Clock;
  logger: Logger;
  /** Addressables for destination resolution. */
  objects: ObjectSource;
  /** Who looked at which addressable (so their changes re-queue the right keys). */
  tracker: ReferenceTracker;
}

/** The Ready condition of an object's status. */
export function readyOf(obj: KubeObject | undefined): Condition | undefined {
  const conds = (obj?.status as { conditions?: Condition[] } | undefined)?.conditions;
  return conds?.find((c) => c.type === 'Ready');
}

/** status.address.url of an Addressable. */
export function addressOf(obj: KubeObject | undefined): string | undefined {
  return (obj?.status as { address?: { url?: string } } | undefined)?.address?.url;
}

/** True when `obj` is controlled by the object with this uid. */
export function isControlledBy(obj: KubeObject, uid: string | undefined): boolean {
  return uid !== undefined && controllerOf(obj)?.uid === uid;
}

/** Creates an object; when it already exists (a stale cache), reads the stored one. */
export async function createOrGet<T extends KubeObject>(client: KubeClient, ref: ResourceRef, obj: T): Promise<T> {
  try {
    return await client.create(ref, obj);
  } catch (e) {
    if (!isAlreadyExists(e)) throw e;
    return client.get<T>(ref, obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
  }
}
