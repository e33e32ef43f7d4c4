// Creations/deletions a controller has asked for but not yet seen in its informer (client-go's
// ControllerExpectations). Without them a second reconcile, running before the informer catches
// up, would create the same pods again. Expectations expire so a lost event cannot wedge a key.
import type { Clock } from '../../controller/clock.js';

interface Pending {
  adds: number;
  deletes: Set<string>;
  at: number;
}

/** Per-key outstanding creates and deletes. */
export class Expectations {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  /** Records that `adds` creations and the deletion of `deleteUids` were requested for `key`. */
  expect(key: string, adds: number, deleteUids: string[] = []): void {
    this.pending.set(key, { adds, deletes: new Set(deleteUids), at: this.clock.now() });
  }

  /** An object created for `key` was observed (or its creation failed). */
  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p && p.adds > 0) p.adds--;
  }

  /** An object deleted for `key` was observed gone (or its deletion failed). */
  deletionObserved(key: string, uid: string): void {
    this.pending.get(key)?.deletes.delete(uid);
  }

  /** True when nothing is outstanding for `key` (or the expectations expired). */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if ((p.adds <= 0 && p.deletes.size === 0) || this.clock.now() - p.at > this.ttlMs) {
      this.pending.delete(key);
      return true;
    }
    return false;
  }

  /** Forgets a key (its owner is gone). */
  delete(key: string): void {
    this.pending.delete(key);
  }
}
