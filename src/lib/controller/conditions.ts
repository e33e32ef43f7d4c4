// knative/pkg ConditionSet semantics. A happy condition (Ready or Succeeded) summarizes dependent
// conditions: it is True only when every dependent is True; a False dependent beats an Unknown one
// (the most recent wins within a status); lastTransitionTime changes only when a condition really
// changes. Conditions that are not dependents get severity Info and never affect happiness.
import { kubeTimestamp, realClock, type Clock } from './clock.js';

/** Status of a condition. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';
/** '' (serialized as absent) means Error: the condition counts toward readiness. */
export type ConditionSeverity = '' | 'Warning' | 'Info';

/** A knative-style status condition. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  severity?: ConditionSeverity;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Status objects that carry conditions. */
export interface ConditionsHolder {
  conditions?: Condition[];
  observedGeneration?: number;
  [field: string]: unknown;
}

/** A set of conditions: the happy one and its dependents. */
export class ConditionSet {
  constructor(
    readonly happy: string,
    readonly dependents: readonly string[] = [],
  ) {}

  /** Manager for the conditions of one status object (mutated in place). */
  manage(status: ConditionsHolder, clock: Clock = realClock): ConditionManager {
    return new ConditionManager(this, status, clock);
  }
}

/** A ConditionSet whose happy condition is Ready. */
export function newLivingConditionSet(...dependents: string[]): ConditionSet {
  return new ConditionSet('Ready', dependents);
}

/** A ConditionSet whose happy condition is Succeeded. */
export function newBatchConditionSet(...dependents: string[]): ConditionSet {
  return new ConditionSet('Succeeded', dependents);
}

/** Reads and changes the conditions of one status object. */
export class ConditionManager {
  constructor(
    private readonly set: ConditionSet,
    private readonly status: ConditionsHolder,
    private readonly clock: Clock,
  ) {}

  private isTerminal(type: string): boolean {
    return type === this.set.happy || this.set.dependents.includes(type);
  }

  private severity(type: string): ConditionSeverity {
    return this.isTerminal(type) ? '' : 'Info';
  }

  /** The condition of a type, if set. */
  getCondition(type: string): Condition | undefined {
    return this.status.conditions?.find((c) => c.type === type);
  }

  /** The happy condition. */
  getTopLevelCondition(): Condition | undefined {
    return this.getCondition(this.set.happy);
  }

  /** True when the happy condition is True. */
  isHappy(): boolean {
    return this.getTopLevelCondition()?.status === 'True';
  }

  /** Sets a condition; keeps lastTransitionTime when nothing but the time would change. Sorted by type. */
  setCondition(cond: Condition): void {
    const next: Condition = { ...cond };
    if (!next.severity) delete next.severity;
    if (!next.reason) delete next.reason;
    if (!next.message) delete next.message;
    const others: Condition[] = [];
    for (const c of this.status.conditions ?? []) {
      if (c.type !== next.type) {
        others.push(c);
        continue;
      }
      if (sameCondition(c, next)) return;
    }
    next.lastTransitionTime = kubeTimestamp(this.clock.now());
    others.push(next);
    others.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    this.status.conditions = others;
  }

  /** Removes a non-terminal condition (terminal ones always exist once initialized). */
  clearCondition(type: string): void {
    if (this.isTerminal(type) || !this.getCondition(type)) return;
    this.status.conditions = (this.status.conditions ?? []).filter((c) => c.type !== type);
  }

  /** Sets missing happy and dependent conditions to Unknown (or True if the happy one is True). */
  initializeConditions(): void {
    let happy = this.getTopLevelCondition();
    if (!happy) {
      this.setCondition({ type: this.set.happy, status: 'Unknown' });
      happy = this.getTopLevelCondition()!;
    }
    const status: ConditionStatus = happy.status === 'True' ? 'True' : 'Unknown';
    for (const t of this.set.dependents) {
      if (!this.getCondition(t)) this.setCondition({ type: t, status });
    }
  }

  /** Marks a condition True and recomputes the happy condition. */
  markTrue(type: string): void {
    this.setCondition({ type, status: 'True', severity: this.severity(type) });
    this.recomputeHappiness(type);
  }

  /** Marks a condition True with a reason and message and recomputes the happy condition. */
  markTrueWithReason(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: 'True', reason, message, severity: this.severity(type) });
    this.recomputeHappiness(type);
  }

  /** Marks a condition Unknown; a dependent drags the happy condition to Unknown unless another is False. */
  markUnknown(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: 'Unknown', reason, message, severity: this.severity(type) });
    let isDependent = false;
    for (const t of this.set.dependents) {
      const c = this.getCondition(t);
      // A False dependent beats Unknown: keep (or make) the happy condition False.
      if (c?.status === 'False') {
        if (this.getTopLevelCondition()?.status !== 'False') {
          this.setCondition({ type: this.set.happy, status: 'False', reason: c.reason ?? reason, message: c.message ?? message });
        }
        return;
      }
      if (t === type) isDependent = true;
    }
    if (isDependent) this.setCondition({ type: this.set.happy, status: 'Unknown', reason, message });
  }

  /** Marks a condition False; a dependent makes the happy condition False with the same reason. */
  markFalse(type: string, reason: string, message: string): void {
    const types = [type];
    if (this.set.dependents.includes(type)) types.push(this.set.happy);
    for (const t of types) this.setCondition({ type: t, status: 'False', reason, message, severity: this.severity(t) });
  }

  private recomputeHappiness(type: string): void {
    const unhappy = this.findUnhappyDependent();
    if (unhappy) {
      this.setCondition({ type: this.set.happy, status: unhappy.status, reason: unhappy.reason, message: unhappy.message });
    } else if (type !== this.set.happy) {
      this.setCondition({ type: this.set.happy, status: 'True' });
    }
  }

  // The dependent that keeps the happy condition from True: newest False, else newest Unknown,
  // else a placeholder Unknown if some dependent is not set at all.
  private findUnhappyDependent(): Condition | undefined {
    if (this.set.dependents.length === 0) return undefined;
    const conds = (this.status.conditions ?? [])
      .filter((c) => !c.severity && c.type !== this.set.happy && this.set.dependents.includes(c.type))
      .sort((a, b) => (b.lastTransitionTime ?? '').localeCompare(a.lastTransitionTime ?? ''));
    const f = conds.find((c) => c.status === 'False');
    if (f) return f;
    const u = conds.find((c) => c.status === 'Unknown');
    if (u) return u;
    if (this.set.dependents.length > conds.length) return { type: '', status: 'Unknown' };
    return undefined;
  }
}

function sameCondition(a: Condition, b: Condition): boolean {
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.severity ?? '') === (b.severity ?? '') &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '')
  );
}
