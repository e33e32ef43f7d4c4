// Binds the controller runtime's ConditionSet to serving status objects and an explicit `now`.
import type { Clock } from '../controller/clock.js';
import type { ConditionManager, ConditionSet, ConditionsHolder } from '../controller/conditions.js';
import type { Status } from './types.js';

/** A clock frozen at `now`: lifecycles are pure functions of their inputs. */
export function frozenClock(now: Date): Clock {
  return { now: () => now.getTime(), setTimeout: () => undefined, clearTimeout: () => undefined };
}

/** The condition manager for `status` (mutated in place), stamping transitions with `now`. */
export function manage(set: ConditionSet, status: Status, now: Date): ConditionManager {
  return set.manage(status as ConditionsHolder, frozenClock(now));
}
