// Object storage: a kine-like append-only log in SQLite plus an in-memory index of the latest
// version of every live key. Row id = global resourceVersion. Reads and watch fan-out are served
// from memory; SQLite is only written (and read once at start-up), so the HTTP layer never sees SQL.
//
// Durability: WAL with synchronous=NORMAL. A commit is in the WAL (in the OS page cache) before
// `run()` returns, so a kill -9 of the server at any point loses nothing acknowledged and never
// corrupts the database; only an OS crash or power cut can drop the last few commits, which for a
// local developer cluster is the right trade against an fsync per write (~100x slower).
//
// Checkpoints (copying the WAL into the database, with NORMAL's fsyncs) stall the event loop for
// tens of milliseconds. SQLite's default runs one every 1000 WAL pages (~330 writes here), which
// under load put a stall in front of a good share of requests; instead they run once writes pause
// for a moment, with a 10000-page (~40 MB) WAL as the backstop under sustained load. Durability is
// unchanged: a commit is as safe in the WAL as in the database file.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Any Kubernetes object as stored (metadata.resourceVersion always set by the store). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** The latest version of one key. `obj` is shared: treat it as read-only, parse `json` to mutate. */
export interface StoredEntry {
  key: string;
  rv: number;
  json: string;
  obj: KubeObject;
}

/** One change, in revision order. For DELETED, `entry` is the last state stamped with the delete revision. */
export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  entry: StoredEntry;
  prev?: StoredEntry;
}

/** Why a storage write was refused; the REST layer turns this into the right Status. */
export class StorageError extends Error {
  constructor(
    readonly code: 'exists' | 'notfound' | 'conflict',
    readonly key: string,
  ) {
    super(`${code}: ${key}`);
  }
}

/** What the REST layer needs from storage (kine's Backend, trimmed to one process). */
export interface Backend {
  /** Latest revision written (0 for an empty store). */
  revision(): number;
  /** Oldest revision a watch may start from; older ones are Expired. */
  oldestWatchable(): number;
  get(key: string): StoredEntry | undefined;
  /** Live entries whose key starts with prefix, sorted by key. */
  list(prefix: string): StoredEntry[];
  create(key: string, obj: KubeObject): StoredEntry;
  /** Replaces the value if the current revision equals expectedRv (or expectedRv is undefined). */
  update(key: string, obj: KubeObject, expectedRv?: number): StoredEntry;
  delete(key: string, expectedRv?: number): StoredEntry;
  /** Events after rv from the in-memory history, or undefined if rv is older than that history. */
  since(rv: number): StoreEvent[] | undefined;
  /** Calls listener synchronously after each committed write; returns an unsubscribe function. */
  onEvent(listener: (ev: StoreEvent) => void): () => void;
  /** Drops log rows that are neither the latest for their key nor within the kept history. */
  compact(): void;
  close(): void;
}

/** Tunables of the SQLite backend. */
export interface SqliteBackendOptions {
  /** Events kept in memory for watches that resume from a resourceVersion. */
  historyEvents?: number;
  /** Revisions of superseded rows kept in SQLite by compact(). */
  keepRevisions?: number;
}

/** WAL size (pages) at which SQLite checkpoints even while writes keep coming. */
const walBackstopPages = 10000;
/** How long writes must pause before the WAL is checkpointed. */
const checkpointQuietMs = 500;

/** Bucket = first key segment (`/group/resource/`), so a list touches only its own resource. */
function bucketOf(key: string): string {
  const second = key.indexOf('/', 1);
  return second < 0 ? key : key.slice(0, second + 1);
}

/** Opens (or creates) the store in dataDir/state.db and loads the live objects into memory. */
export function openSqliteBackend(dataDir: string, opts: SqliteBackendOptions = {}): Backend {
  return new SqliteBackend(dataDir, opts);
}

class SqliteBackend implements Backend {
  private readonly db: Database.Database;
  private readonly buckets = new Map<string, Map<string, StoredEntry>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly listeners = new Set<(ev: StoreEvent) => void>();
  private readonly history: StoreEvent[] = [];
  private historyStart = 0;
  private historyFloor: number;
  private rev = 0;
  private readonly historyMax: number;
  private readonly keepRevisions: number;
  private readonly insert: Database.Statement;
  private readonly compactSuperseded: Database.Statement;
  private readonly compactDeleted: Database.Statement;
  private lastWriteMs = 0;
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(dataDir: string, opts: SqliteBackendOptions) {
    this.historyMax = opts.historyEvents ?? 10000;
    this.keepRevisions = opts.keepRevisions ?? 10000;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.db = new Database(join(dataDir, 'state.db'));
    // One server owns a data dir: exclusive locking makes a second one fail fast instead of racing.
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`wal_autocheckpoint = ${walBackstopPages}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      created INTEGER NOT NULL,
      deleted INTEGER NOT NULL,
      prev_revision INTEGER NOT NULL,
      value TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS log_name_id ON log(name, id);`);
    this.insert = this.db.prepare('INSERT INTO log (id, name, created, deleted, prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)');
    this.compactSuperseded = this.db.prepare('DELETE FROM log WHERE id <= ? AND id NOT IN (SELECT MAX(id) FROM log GROUP BY name)');
    this.compactDeleted = this.db.prepare('DELETE FROM log WHERE id <= ? AND deleted = 1');
    this.load();
    this.historyFloor = this.rev;
  }

  private load(): void {
    const seq = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'log'").get() as { seq: number } | undefined;
    this.rev = seq?.seq ?? 0;
    const rows = this.db
      .prepare('SELECT id, name, value FROM log WHERE id IN (SELECT MAX(id) FROM log GROUP BY name) AND deleted = 0')
      .all() as { id: number; name: string; value: string }[];
    for (const r of rows) this.put({ key: r.name, rv: r.id, json: r.value, obj: JSON.parse(r.value) as KubeObject });
  }

  private put(e: StoredEntry): void {
    const b = bucketOf(e.key);
    let m = this.buckets.get(b);
    if (!m) this.buckets.set(b, (m = new Map()));
    if (!m.has(e.key)) this.sortedKeys.delete(b);
    m.set(e.key, e);
  }

  private drop(key: string): void {
    const b = bucketOf(key);
    const m = this.buckets.get(b);
    if (m?.delete(key)) this.sortedKeys.delete(b);
  }

  revision(): number {
    return this.rev;
  }

  oldestWatchable(): number {
    return this.historyFloor;
  }

  get(key: string): StoredEntry | undefined {
    return this.buckets.get(bucketOf(key))?.get(key);
  }

  list(prefix: string): StoredEntry[] {
    const b = bucketOf(prefix);
    const m = this.buckets.get(b);
    if (!m) return [];
    let keys = this.sortedKeys.get(b);
    if (!keys) {
      keys = [...m.keys()].sort();
      this.sortedKeys.set(b, keys);
    }
    const out: StoredEntry[] = [];
    if (prefix === b) {
      for (const k of keys) out.push(m.get(k)!);
      return out;
    }
    // Keys are sorted: binary-search the first key >= prefix, then walk while it matches.
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keys.length && keys[i].startsWith(prefix); i++) out.push(m.get(keys[i])!);
    return out;
  }

  /** Stamps the next revision into obj, appends the row, then updates memory and notifies. */
  private append(type: StoreEvent['type'], key: string, obj: KubeObject, prev: StoredEntry | undefined): StoredEntry {
    const rv = this.rev + 1;
    obj.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(obj);
    this.insert.run(rv, key, type === 'ADDED' ? 1 : 0, type === 'DELETED' ? 1 : 0, prev?.rv ?? 0, json);
    this.rev = rv;
    this.scheduleCheckpoint();
    const entry: StoredEntry = { key, rv, json, obj };
    if (type === 'DELETED') this.drop(key);
    else this.put(entry);
    this.record({ type, entry, prev });
    return entry;
  }

  /** Arranges a checkpoint for when writes have paused (one timer, re-armed at most once per quiet period). */
  private scheduleCheckpoint(): void {
    this.lastWriteMs = Date.now();
    if (this.checkpointTimer) return;
    const check = () => {
      const quietFor = Date.now() - this.lastWriteMs;
      if (quietFor < checkpointQuietMs) {
        this.checkpointTimer = setTimeout(check, checkpointQuietMs - quietFor);
        this.checkpointTimer.unref();
        return;
      }
      this.checkpointTimer = undefined;
      // A failed checkpoint loses nothing (the WAL keeps every commit); the backstop or the next pause retries.
      try {
        if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        /* retried later */
      }
    };
    this.checkpointTimer = setTimeout(check, checkpointQuietMs);
    this.checkpointTimer.unref();
  }

  private record(ev: StoreEvent): void {
    this.history.push(ev);
    // Trim in blocks so the array shift cost is amortised.
    if (this.history.length - this.historyStart > this.historyMax) {
      this.historyStart++;
      this.historyFloor = this.history[this.historyStart - 1].entry.rv;
      if (this.historyStart > 1024) {
        this.history.splice(0, this.historyStart);
        this.historyStart = 0;
      }
    }
    for (const l of this.listeners) l(ev);
  }

  create(key: string, obj: KubeObject): StoredEntry {
    if (this.get(key)) throw new StorageError('exists', key);
    return this.append('ADDED', key, obj, undefined);
  }

  update(key: string, obj: KubeObject, expectedRv?: number): StoredEntry {
    const cur = this.get(key);
    if (!cur) throw new StorageError('notfound', key);
    if (expectedRv !== undefined && expectedRv !== cur.rv) throw new StorageError('conflict', key);
    return this.append('MODIFIED', key, obj, cur);
  }

  delete(key: string, expectedRv?: number): StoredEntry {
    const cur = this.get(key);
    if (!cur) throw new StorageError('notfound', key);
    if (expectedRv !== undefined && expectedRv !== cur.rv) throw new StorageError('conflict', key);
    return this.append('DELETED', key, JSON.parse(cur.json) as KubeObject, cur);
  }

  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.historyFloor) return undefined;
    // History is in revision order: binary-search the first event after rv.
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].entry.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  onEvent(listener: (ev: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  compact(): void {
    const upTo = this.rev - this.keepRevisions;
    if (upTo <= 0) return;
    this.db.transaction(() => {
      this.compactSuperseded.run(upTo);
      this.compactDeleted.run(upTo);
    })();
  }

  close(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }
}
