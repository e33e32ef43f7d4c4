// The knative/pkg "living" condition set over a status object: dependents roll up into Ready,
// False beats Unknown, and lastTransitionTime moves only when a condition really changes.
// Kept here (pure, clock passed in) so serving lifecycles do not depend on the controller runtime.
import type { Condition, Status } from './types.js';

export const READY = 'Ready';

type CondStatus = Condition['status'];

/** A condition set bound to one status object; every mark mutates `status.conditions` in place. */
export class ConditionSet {
  constructor(
    private readonly status: Status,
    private readonly dependents: readonly string[],
    private readonly now: Date,
  ) {}

  /** The condition of `type`, if present. */
  get(type: string): Condition | undefined {
    return this.status.conditions?.find((c) => c.type === type);
  }

  /** Adds Unknown conditions for Ready and every dependent that is not set yet. */
  initialize(): void {
    for (const t of [READY, ...this.dependents]) {
      if (!this.get(t)) this.set({ type: t, status: 'Unknown' });
    }
  }

  /** True when Ready is True. */
  isReady(): boolean {
    return this.get(READY)?.status === 'True';
  }

  /** Marks `type` True; Ready becomes True once every dependent is True. */
  markTrue(type: string, reason?: string, message?: string): void {
    this.set({ type, status: 'True', reason, message });
    if (this.dependents.every((d) => this.get(d)?.status === 'True')) {
      this.set({ type: READY, status: 'True' });
    }
  }

  /** Marks `type` False; a dependent (or Ready itself) drags Ready to False with the same reason. */
  markFalse(type: string, reason: string, message: string): void {
    this.set({ type, status: 'False', reason, message });
    if (type !== READY && this.dependents.includes(type)) {
      this.set({ type: READY, status: 'False', reason, message });
    }
  }

  /** Marks `type` Unknown; Ready follows unless another dependent is already False. */
  markUnknown(type: string, reason: string, message: string): void {
    this.set({ type, status: 'Unknown', reason, message });
    if (type === READY || !this.dependents.includes(type)) return;
    const failed = this.dependents.map((d) => this.get(d)).find((c) => c?.status === 'False');
    if (failed) {
      if (this.get(READY)?.status !== 'False') this.set({ type: READY, status: 'False', reason, message });
      return;
    }
    this.set({ type: READY, status: 'Unknown', reason, message });
  }

  /** Copies status, reason and message of a child's condition onto `type`. */
  mirror(type: string, child: Condition | undefined, fallbackReason = '', fallbackMessage = ''): void {
    const status: CondStatus = child?.status ?? 'Unknown';
    const reason = child?.reason ?? fallbackReason;
    const message = child?.message ?? fallbackMessage;
    if (status === 'True') this.markTrue(type);
    else if (status === 'False') this.markFalse(type, reason, message);
    else this.markUnknown(type, reason, message);
  }

  private set(cond: Omit<Condition, 'lastTransitionTime' | 'severity'>): void {
    const severity: Condition['severity'] =
      cond.type === READY || this.dependents.includes(cond.type) ? undefined : 'Info';
    const next: Condition = { type: cond.type, status: cond.status };
    if (severity) next.severity = severity;
    if (cond.reason) next.reason = cond.reason;
    if (cond.message) next.message = cond.message;
    const conditions = this.status.conditions ?? [];
    const old = conditions.find((c) => c.type === cond.type);
    if (
      old &&
      old.status === next.status &&
      (old.reason ?? '') === (next.reason ?? '') &&
      (old.message ?? '') === (next.message ?? '') &&
      (old.severity ?? '') === (next.severity ?? '')
    ) {
      return;
    }
    next.lastTransitionTime = this.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    // knative/pkg keeps conditions sorted by type, so status diffs stay stable.
    this.status.conditions = [...conditions.filter((c) => c.type !== cond.type), next].sort((a, b) =>
      a.type < b.type ? -1 : a.type > b.type ? 1 : 0,
    );
  }
}
